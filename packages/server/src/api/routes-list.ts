import type { Express } from 'express';

interface LayerLike {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

/** Every `METHOD /path` the app's routers declare (paths relative to their mount point). */
export function listRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: LayerLike[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const m of Object.keys(layer.route.methods)) if (m !== '_all') out.push(`${m.toUpperCase()} ${layer.route.path}`);
        if (layer.route.methods._all) out.push(`ALL ${layer.route.path}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk(((app as unknown as { router: { stack: LayerLike[] } }).router).stack);
  return [...new Set(out)];
}
