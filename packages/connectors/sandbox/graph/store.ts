// In-memory state of the Graph API emulator: one Facebook Page (posts, comments, visitor posts,
// Messenger conversations) and one Instagram professional account (media, comments, tags, DMs).
import { createHmac, randomBytes } from 'node:crypto';
import type { RecordedReply } from '../harness.ts';
import { pickCustomer, pickText, seededRandom, type DemoCustomer } from '../texts.ts';

export type GraphNetwork = 'facebook' | 'instagram';

export interface Person {
  id: string;
  name: string;
  username: string;
  followers: number;
}

export interface FbPost {
  seq: number;
  id: string;
  from: Person;
  message: string;
  created: number;
  updated: number;
}

export interface FbComment {
  seq: number;
  id: string;
  postId: string;
  parentId?: string;
  from: Person;
  message: string;
  created: number;
}

export interface IgMedia {
  seq: number;
  id: string;
  /** 'self' for the business account's own media; otherwise another account tagging it. */
  owner: 'self' | Person;
  caption: string;
  created: number;
  /** False for another account's media where the brand is only @mentioned in a comment (not in /tags). */
  tagged?: boolean;
}

export interface IgComment {
  seq: number;
  id: string;
  mediaId: string;
  parentId?: string;
  from: Person;
  text: string;
  created: number;
}

export interface DirectMessage {
  seq: number;
  mid: string;
  network: GraphNetwork;
  /** The customer (PSID / IGSID). */
  userId: string;
  inbound: boolean;
  text: string;
  created: number;
}

export interface ThrottleRule {
  network: GraphNetwork | 'any';
  /** How many requests to refuse (Infinity: until cleared). */
  remaining: number;
  code: number;
  status: number;
  /** estimated_time_to_regain_access, minutes, in X-Business-Use-Case-Usage. */
  minutes: number;
  /** Send a Retry-After header (seconds) as well. */
  retryAfterSeconds?: number;
  /** Echo the request URL (access_token included) in the error message, as some gateways do. */
  echoUrl?: boolean;
}

export interface StoreOptions {
  seed?: number;
  brand?: string;
}

/** What a restart must remember (see GraphStore.snapshot). */
export interface GraphState {
  v: 1;
  appSecret: string;
  verifyToken: string;
  pageToken: string;
  igToken: string;
  seq: number;
  idn: number;
  posts: FbPost[];
  comments: FbComment[];
  media: IgMedia[];
  igComments: IgComment[];
  dms: DirectMessage[];
  replies: Record<GraphNetwork, RecordedReply[]>;
}

/** Formats epoch ms the way Graph does: `2024-05-01T10:20:30+0000`. */
export function graphTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+0000');
}

export class GraphStore {
  readonly rand: () => number;
  readonly brand: string;
  readonly appId = '880011223344556';
  appSecret = randomBytes(16).toString('hex');
  verifyToken = 'inbox-verify-' + randomBytes(4).toString('hex');
  /** Called after every change of content (the emulator persists state then). */
  onChange: () => void = () => {};
  readonly page: Person;
  readonly ig: Person;
  pageToken = 'EAAGpage' + randomBytes(24).toString('hex');
  igToken = 'EAAGig' + randomBytes(24).toString('hex');
  readonly expiredTokens = new Set<string>();

  private seq = 0;
  private idn = 1000;
  readonly posts: FbPost[] = [];
  readonly comments: FbComment[] = [];
  readonly media: IgMedia[] = [];
  readonly igComments: IgComment[] = [];
  readonly dms: DirectMessage[] = [];
  readonly replies: Record<GraphNetwork, RecordedReply[]> = { facebook: [], instagram: [] };
  readonly throttles: ThrottleRule[] = [];
  readonly calls: Record<GraphNetwork, number[]> = { facebook: [], instagram: [] };

  constructor(opts: StoreOptions = {}) {
    this.rand = seededRandom(opts.seed ?? 20240601);
    this.brand = opts.brand ?? 'zuristore';
    this.page = { id: '104857600123456', name: 'Zuri Store', username: this.brand, followers: 48210 };
    this.ig = { id: '17841400123456789', name: 'Zuri Store', username: this.brand, followers: 91233 };
    const t0 = Date.now() - 3 * 86400_000;
    const captions = ['New season, new colours. Free delivery this week!', 'Our shop in Nairobi is open on Sundays now.', 'Meet the team behind your orders.'];
    captions.forEach((c, i) => {
      this.addPost(this.page, c, t0 + i * 3600_000);
      this.addMedia('self', c, t0 + i * 3600_000);
    });
  }

  nextId(prefix = ''): string {
    this.idn += 1 + Math.floor(this.rand() * 7);
    return prefix + String(this.idn);
  }

  private nextSeq(): number {
    return ++this.seq;
  }

  customer(): Person {
    const c: DemoCustomer = pickCustomer(this.rand);
    return { id: c.id + String(Math.floor(this.rand() * 1e9)).padStart(9, '0'), name: c.name, username: c.handle, followers: c.followers };
  }

  text(): string {
    return pickText(this.rand, this.brand).text;
  }

  addPost(from: Person, message: string, created = Date.now()): FbPost {
    const p: FbPost = { seq: this.nextSeq(), id: `${this.page.id}_${this.nextId('1220')}`, from, message, created, updated: created };
    this.posts.push(p);
    this.onChange();
    return p;
  }

  addComment(postId: string, from: Person, message: string, parentId?: string, created = Date.now()): FbComment {
    const post = this.posts.find((p) => p.id === postId);
    if (!post) throw new Error(`no post ${postId}`);
    const c: FbComment = { seq: this.nextSeq(), id: `${postId.split('_')[1]}_${this.nextId('7730')}`, postId, from, message, created };
    if (parentId) c.parentId = parentId;
    this.comments.push(c);
    this.onChange();
    post.updated = Math.max(post.updated, created);
    return c;
  }

  addMedia(owner: 'self' | Person, caption: string, created = Date.now()): IgMedia {
    const m: IgMedia = { seq: this.nextSeq(), id: this.nextId('179020000'), owner, caption, created };
    this.media.push(m);
    this.onChange();
    return m;
  }

  addIgComment(mediaId: string, from: Person, text: string, parentId?: string, created = Date.now()): IgComment {
    const c: IgComment = { seq: this.nextSeq(), id: this.nextId('180440000'), mediaId, from, text, created };
    if (parentId) c.parentId = parentId;
    this.igComments.push(c);
    this.onChange();
    return c;
  }

  addDm(network: GraphNetwork, userId: string, text: string, inbound: boolean, created = Date.now()): DirectMessage {
    const mid = network === 'facebook' ? `m_${randomBytes(18).toString('base64url')}` : `aWdfZAG1${randomBytes(30).toString('base64url')}`;
    const d: DirectMessage = { seq: this.nextSeq(), mid, network, userId, inbound, text, created };
    this.dms.push(d);
    this.onChange();
    return d;
  }

  snapshot(): GraphState {
    const { appSecret, verifyToken, pageToken, igToken, seq, idn, posts, comments, media, igComments, dms, replies } = this;
    return { v: 1, appSecret, verifyToken, pageToken, igToken, seq, idn, posts, comments, media, igComments, dms, replies };
  }

  /** Takes over a saved state (from `snapshot`): same secrets, tokens, ids and content. */
  restore(st: GraphState): void {
    if (st?.v !== 1) return;
    Object.assign(this, { appSecret: st.appSecret, verifyToken: st.verifyToken, pageToken: st.pageToken, igToken: st.igToken, seq: st.seq, idn: st.idn });
    for (const [mine, saved] of [
      [this.posts, st.posts],
      [this.comments, st.comments],
      [this.media, st.media],
      [this.igComments, st.igComments],
      [this.dms, st.dms],
      [this.replies.facebook, st.replies.facebook],
      [this.replies.instagram, st.replies.instagram],
    ] as [unknown[], unknown[]][]) mine.splice(0, mine.length, ...saved);
  }

  brandPosts(): FbPost[] {
    return this.posts.filter((p) => p.from.id === this.page.id);
  }

  ownMedia(): IgMedia[] {
    return this.media.filter((m) => m.owner === 'self');
  }

  sign(body: Buffer, secret = this.appSecret): { sha256: string; sha1: string } {
    return {
      sha256: 'sha256=' + createHmac('sha256', secret).update(body).digest('hex'),
      sha1: 'sha1=' + createHmac('sha1', secret).update(body).digest('hex'),
    };
  }
}
