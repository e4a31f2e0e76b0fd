import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import Groq from 'groq-sdk';

// Shared model clients. Anything not passed here is an SDK default.
export const openai = new OpenAI();
export const anthropic = new Anthropic();
export const groq = new Groq();
