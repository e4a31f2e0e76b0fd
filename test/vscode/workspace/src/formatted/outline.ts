import OpenAI from 'openai'

const client = new OpenAI()

/** Drafts a talk outline: one blocking call, logged and handled, not yet time-bounded. */
export async function outlineTalk(topic: string): Promise<string> {
  try {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      max_completion_tokens: 400,
      messages: [{ role: 'user', content: `Outline a talk about ${topic}` }],
    })
    console.info(JSON.stringify({ event: 'outline', model: completion.model }))
    return completion.choices[0]?.message.content ?? ''
  } catch (error) {
    console.error(
      JSON.stringify({ event: 'outline_failed', error: String(error) }),
    )
    throw error
  }
}
