// 13 — the same workload under the three slab allocators.
//
// 2.6.34 could be built with SLUB (the default), SLAB or SLOB behind the same kmalloc() API.
// kmemlab makes the choice a machine option: machine({ modules: { slab: "slob" } }) or
// --module slab=slob. Here the same workload runs under SLUB, SLAB and SLOB and we compare what it costs.

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

test("SLAB: size-N caches, per-CPU array caches, colouring", () => {
  machine({ debug: false, modules: { slab: "slab" } });
  const before = meminfo().MemTotal - meminfo().MemFree;
  const r = workload();
  console.log(`SLAB: ${r.used - before} kB in use, Slab: ${r.slab} kB, ksize of 45 and 119 bytes: ${r.sizes}`);
  expect(r.sizes).toEqual([64, 128]);             // size-64 and size-128
  const line = proc("slabinfo").split("\n").find(l => l.startsWith("size-512 "));
  console.log(line);
  expect(line).toMatch(/ : tunables   54   27    0 : /);  // limit, batchcount, shared of the array cache
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
