// 13 — the same workload under two slab allocators.
//
// 2.6.34 could be built with SLUB (the default), SLAB or SLOB behind the same kmalloc() API.
// kmemlab makes the choice a machine option: machine({ modules: { slab: "slob" } }) or
// --module slab=slob. Here the same workload runs under SLUB and SLOB and we compare what it costs.
// (SLAB arrives later.)

function workload() {
  const objs = [];
  for (let i = 0; i < 2000; i++) objs.push(kmalloc(8 + (i * 37) % 500, GFP_KERNEL));
  for (let i = 0; i < objs.length; i += 2) kfree(objs[i]);       // free every other object
  const used = meminfo().MemTotal - meminfo().MemFree;
  return { used, slab: meminfo().Slab, sizes: [ksize(objs[1]), ksize(objs[3])] };
}

test("SLUB: size classes, slabs per class", () => {
  machine({ debug: false, modules: { slab: "slub" } });
  const before = meminfo().MemTotal - meminfo().MemFree;
  const r = workload();
  console.log(`SLUB: ${r.used - before} kB in use, Slab: ${r.slab} kB, ksize of 45 and 119 bytes: ${r.sizes}`);
  expect(r.sizes).toEqual([64, 128]);             // rounded up to kmalloc-64 and kmalloc-128
  console.log(proc("slabinfo").split("\n").filter(l => / [1-9]\d* +\d+ +\d+ +\d+ +\d+ :/.test(l)).join("\n"));
});

test("SLOB: first fit in 2-byte units, no slabinfo", () => {
  machine({ debug: false, modules: { slab: "slob" } });
  const before = meminfo().MemTotal - meminfo().MemFree;
  const r = workload();
  console.log(`SLOB: ${r.used - before} kB in use, ksize of 45 and 119 bytes: ${r.sizes}`);
  expect(r.sizes).toEqual([46, 120]);             // the request rounded to 2-byte units
  expect(() => proc("slabinfo")).toThrow(/SLOB/);
  expect(modules().slab).toBe("slob");
});
