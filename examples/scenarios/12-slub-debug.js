// 12 — catching slab bugs: SLUB debugging.
//
// A debug machine (the default) runs SLUB with slub_debug=FZPU: every object gets a red zone (0xbb
// while free, 0xcc while allocated), free objects are poisoned (0x6b ... 0xa5), and every free is
// checked. Bugs are reported exactly as the kernel prints them.

test("a double free: Object already free", () => {
  const p = kmalloc(64, GFP_KERNEL);
  kfree(p);
  expect(() => kfree(p)).toThrow(/^BUG kmalloc-64: Object already free/);
  console.log(dmesg().split("\n").filter(l => l.startsWith("INFO") || l.startsWith("FIX")).join("\n"));
});

test("writing past the end of an object: Redzone overwritten", () => {
  const p = kmalloc(64, GFP_KERNEL);
  expect(readb(p + 64n)).toBe(0xcc);             // the red zone right after the object
  writeb(p + 64n, 0x41);                         // an off-by-one
  expect(() => kfree(p)).toThrow(/Redzone overwritten/);
});

test("use after free: Poison overwritten", () => {
  const p = kmalloc(64, GFP_KERNEL);
  kfree(p);
  expect(readb(p)).toBe(0x6b);                   // POISON_FREE
  writeb(p + 3n, 0);                             // a write through a stale pointer
  let report = null;
  for (let i = 0; i < 64 && report === null; i++) {
    try { kmalloc(64, GFP_KERNEL); } catch (e) { report = e; }  // the damage is found when p is reused
  }
  expect(report).toBeTruthy();
  expect(report.message).toMatch(/^BUG kmalloc-64: Poison overwritten/);
});

test("without debugging a double free corrupts the freelist silently", () => {
  machine({ debug: false });
  const p = kmalloc(64, GFP_KERNEL);
  kfree(p);
  kfree(p);                                      // p is now on the freelist twice: p -> p
  const a = kmalloc(64, GFP_KERNEL);
  const b = kmalloc(64, GFP_KERNEL);
  expect(a).toBe(p);
  expect(b).toBe(p);                             // two owners, one object
  expect(dmesg()).not.toMatch(/BUG/);
});
