// Joins the supervisor's children with in-process upstreams (the router) into one source,
// so the gateway sees a single list and a single change signal.
import { Emitter } from '../../../shared/emitter.js';
import type { Upstream, UpstreamChange, UpstreamSource } from './upstream.js';

export class CombinedUpstreams implements UpstreamSource {
  private local: Upstream[] = [];
  private readonly changes = new Emitter<[UpstreamChange]>();

  constructor(private readonly children: UpstreamSource) {
    children.onChange((c) => this.emit(c));
  }

  addLocal(upstream: Upstream): void {
    this.local.push(upstream);
    this.emit({ serverId: upstream.id, kinds: ['tools', 'resources', 'prompts'] });
  }

  removeLocal(id: string): void {
    this.local = this.local.filter((u) => u.id !== id);
    this.emit({ serverId: id, kinds: ['tools', 'resources', 'prompts'] });
  }

  /** An in-process upstream's lists changed (the router's tools follow which vendors run). */
  localChanged(id: string): void {
    if (this.local.some((u) => u.id === id)) this.emit({ serverId: id, kinds: ['tools'] });
  }

  list(): Upstream[] {
    return [...this.local, ...this.children.list()];
  }

  get(id: string): Upstream | undefined {
    return this.local.find((u) => u.id === id) ?? this.children.get(id);
  }

  onChange(listener: (change: UpstreamChange) => void): () => void {
    return this.changes.on(listener);
  }

  private emit(change: UpstreamChange): void {
    this.changes.emit(change);
  }
}
