// A lazily built value that is rebuilt when invalidated or when the set of connected
// upstreams (ids and client objects) differs from the one it was built from. The second
// check keeps the gateway correct even if a change event is missed.
import type { Upstream } from '../upstream/upstream.js';

interface Basis {
  id: string;
  client: Upstream['client'];
}

function sameBasis(basis: Basis[], ups: Upstream[]): boolean {
  if (basis.length !== ups.length) return false;
  for (let i = 0; i < ups.length; i++) {
    if (basis[i].id !== ups[i].id || basis[i].client !== ups[i].client) return false;
  }
  return true;
}

export class Snapshot<T> {
  private value: Promise<T> | undefined;
  /** The value's result once it is in (the same build as `value`). */
  private settled: { of: Promise<T>; value: T } | undefined;
  private basis: Basis[] = [];

  constructor(private readonly build: (ups: Upstream[]) => Promise<T>) {}

  get(ups: Upstream[]): Promise<T> {
    if (this.value && sameBasis(this.basis, ups)) return this.value;
    const pending = this.build(ups);
    this.value = pending;
    this.basis = ups.map((u) => ({ id: u.id, client: u.client }));
    // A failed build must not stick.
    pending.then(
      (value) => {
        if (this.value === pending) this.settled = { of: pending, value };
      },
      () => {
        if (this.value === pending) this.value = undefined;
      },
    );
    return pending;
  }

  /** The value at once, when it is built and still current for `ups`; undefined when get() would have to wait. */
  ready(ups: Upstream[]): T | undefined {
    const s = this.settled;
    return s && s.of === this.value && sameBasis(this.basis, ups) ? s.value : undefined;
  }

  invalidate(): void {
    this.value = undefined;
  }
}
