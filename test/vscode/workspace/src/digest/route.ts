import { summarize } from './summarize.js';

export interface ResponseLike {
  status: number;
  body: unknown;
}

export async function handleSummary(text: string): Promise<ResponseLike> {
  try {
    return { status: 200, body: await summarize(text) };
  } catch (error) {
    console.error(JSON.stringify({ route: '/summary', error: String(error) }));
    return { status: 502, body: { error: 'summary_unavailable' } };
  }
}
