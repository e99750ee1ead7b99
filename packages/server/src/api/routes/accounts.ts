import { Router } from 'express';
import { Account, toPublicAccount, type AccountDoc } from '../../models/account.ts';

export function accountsRouter(): Router {
  const r = Router();
  r.get('/accounts', async (_req, res) => {
    const accounts = await Account.find().sort({ network: 1, name: 1 }).lean<AccountDoc[]>();
    res.json({ data: accounts.map(toPublicAccount) });
  });
  return r;
}
