import { createServer, type IncomingMessage } from 'node:http';
import { handleDraftRequest, handleNewTicket } from './routes/tickets.js';
import type { Ticket } from './tickets/summarize.js';

async function readTicket(request: IncomingMessage): Promise<Ticket> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Ticket;
}

const server = createServer(async (request, response) => {
  const ticket = await readTicket(request);
  const result =
    request.url === '/tickets/draft'
      ? await handleDraftRequest({ body: ticket })
      : await handleNewTicket({ body: ticket });
  response.writeHead(result.status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(result.body));
});

server.listen(Number(process.env.PORT ?? 3000));
