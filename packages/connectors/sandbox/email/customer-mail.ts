// Customer emails for the emulator and the demo, from sandbox/texts.ts: new mails and follow-ups in
// the same thread (In-Reply-To / References), as raw RFC 5322 bytes built by nodemailer's composer.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { pickCustomer, pickText, seededRandom, type DemoCustomer } from '../texts.ts';

export interface CustomerMail {
  raw: Buffer;
  /** Without angle brackets. */
  messageId: string;
  from: string;
  subject: string;
  text: string;
  lang: string;
  inReplyTo?: string;
  references: string[];
}

interface Thread {
  customer: DemoCustomer;
  address: string;
  subject: string;
  ids: string[];
}

const SUBJECTS: Record<string, string> = {
  complaint: 'Problem with my order',
  praise: 'Thank you!',
  question: 'Question',
};

export class CustomerMailer {
  private readonly rand: () => number;
  private readonly threads: Thread[] = [];
  private seq = 0;

  constructor(
    private readonly opts: { brand: string; to: string; seed?: number; followUpRate?: number },
  ) {
    this.rand = seededRandom(opts.seed ?? 4242);
  }

  /** A new customer mail; with `followUpRate` probability, a follow-up in an earlier thread. */
  async next(o: { text?: string; followUp?: boolean } = {}): Promise<CustomerMail> {
    const rate = this.opts.followUpRate ?? 0.3;
    const followUp = o.followUp ?? (this.threads.length > 0 && this.rand() < rate);
    const picked = pickText(this.rand, this.opts.brand);
    const text = o.text ?? picked.text;
    this.seq++;
    let thread: Thread | undefined;
    if (followUp && this.threads.length > 0) {
      thread = this.threads[Math.floor(this.rand() * this.threads.length)]!;
    }
    const isNew = !thread;
    if (!thread) {
      const customer = pickCustomer(this.rand);
      thread = {
        customer,
        address: `${customer.handle}@customers.example`,
        subject: `${SUBJECTS[picked.tone] ?? 'Hello'} #${10000 + Math.floor(this.rand() * 89999)}`,
        ids: [],
      };
      this.threads.push(thread);
    }
    const domain = 'customers.example';
    const messageId = `c${Date.now().toString(36)}.${this.seq}.${Math.floor(this.rand() * 1e9).toString(36)}@${domain}`;
    const inReplyTo = isNew ? undefined : thread.ids[thread.ids.length - 1];
    const references = isNew ? [] : [...thread.ids];
    const subject = isNew ? thread.subject : `Re: ${thread.subject}`;
    const composer = new MailComposer({
      from: { name: thread.customer.name, address: thread.address },
      to: this.opts.to,
      subject,
      text,
      messageId: `<${messageId}>`,
      date: new Date(),
      ...(inReplyTo ? { inReplyTo: `<${inReplyTo}>`, references: references.map((r) => `<${r}>`) } : {}),
      headers: { 'Content-Language': picked.lang },
    });
    const raw = await composer.compile().build();
    thread.ids.push(messageId);
    return {
      raw,
      messageId,
      from: thread.address,
      subject,
      text,
      lang: picked.lang,
      ...(inReplyTo ? { inReplyTo } : {}),
      references,
    };
  }
}
