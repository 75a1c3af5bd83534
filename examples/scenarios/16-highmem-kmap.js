// 16 — kmap(): borrowing a kernel address for a high-memory page.
//
// A 32-bit kernel has 1 GiB of virtual space (0xc0000000 up). It maps the first ~888 MiB of RAM there
// once and for all (lowmem); everything above max_low_pfn is ZONE_HIGHMEM and has no kernel address.
// To touch such a page the kernel maps it for a while:
//
// - kmap(page) takes a slot in the pkmap area (LAST_PKMAP = 1024 PTEs at PKMAP_BASE). pkmap_count[slot]
//   is 1 for "mapped, unused" plus 1 per kmap() holder. kunmap() drops the holder but leaves the PTE:
//   the page keeps its address (page_address() still returns it) so the next kmap() is cheap. Only when
//   map_new_virtual() wraps around the ring does flush_all_zero_pkmaps() clear every slot whose count is
//   1. kmap() may sleep (waiting for a free slot); kmap() of a lowmem page just returns page_address().
// - kmap_atomic(page, type) never sleeps: each CPU owns one fixmap PTE per km_type (KM_USER0, KM_USER1,
//   ...) just below FIXADDR_TOP. It must be undone with kunmap_atomic() before the same type is reused.
//
// Misuse is caught by BUG_ON()s in mm/highmem.c and arch/x86/mm/highmem_32.c. We also see that vmalloc
// is the other way into highmem: its pages come from ZONE_HIGHMEM and are reached through its own PTEs.

machine({ profile: "i386", ram: "2G" });

const hex = (x) => (x === null ? "null" : "0x" + x.toString(16));
const slot = (addr) => Number((addr - PKMAP_BASE) / BigInt(PAGE_SIZE));
const maxLowPfn = () => {
  const normal = zoneinfo().find((z) => z.name === "Normal");
  return normal.start_pfn + normal.spanned;
};

test("a highmem page has no address until kmap()", () => {
  const page = alloc_page(GFP_HIGHUSER);
  expect(PageHighMem(page)).toBe(true);
  expect(page.pfn).toBeGreaterThanOrEqual(maxLowPfn());       // 0x377fe: above the direct map
  expect(page_address(page)).toBeNull();
  expect(pkmap_count(page)).toBeNull();

  const addr = kmap(page);
  console.log(`pfn ${hex(BigInt(page.pfn))} kmapped at ${hex(addr)}, slot ${slot(addr)} of ${LAST_PKMAP}`);
  expect(addr).toBe(PKMAP_BASE + BigInt(PAGE_SIZE));          // slot 1: the first search starts after slot 0
  expect(page_address(page)).toBe(addr);
  expect(pkmap_count(page)).toBe(2);                          // 1 (mapped) + 1 (our kmap)
  expect(translate(addr)).toBe(BigInt(page.pfn) * BigInt(PAGE_SIZE));
  expect(walk(addr).map((s) => s.name)).toEqual(["pgd", "pte"]);  // an ordinary 4 KiB PTE
  writel(addr, 0xdeadbeef);
  expect(readl(addr)).toBe(0xdeadbeef);
  kunmap(page);
});

test("kmap() nests; kunmap() keeps the mapping for later", () => {
  const p = alloc_page(GFP_HIGHUSER);
  const a = kmap(p);
  expect(kmap(p)).toBe(a);                                    // same page, same slot
  expect(pkmap_count(p)).toBe(3);
  kunmap(p);
  kunmap(p);
  expect(pkmap_count(p)).toBe(1);                             // nobody holds it, but it is still mapped
  expect(page_address(p)).toBe(a);
  expect(translate(a)).toBe(BigInt(p.pfn) * BigInt(PAGE_SIZE));

  const q = alloc_page(GFP_HIGHUSER);
  expect(slot(kmap(q))).toBe(2);                              // the next slot round the ring
  expect(kmap(p)).toBe(a);                                    // p is found again without a new PTE
  kunmap(p);
  kunmap(q);

  const low = alloc_page(GFP_KERNEL);                         // lowmem: nothing to map
  expect(kmap(low)).toBe(page_address(low));
  expect(pkmap_count(low)).toBeNull();
  kunmap(low);
});

test("when the ring wraps, unused mappings are flushed", () => {
  const p = alloc_page(GFP_HIGHUSER);
  const a = kmap(p);
  writel(a, 0x12345678);
  kunmap(p);                                                  // count 1: mapped, unused
  const q = alloc_page(GFP_HIGHUSER);
  const b = kmap(q);                                          // still held across the wrap

  // Walk every slot once more: each kmap() takes the next free slot, until last_pkmap_nr wraps to 0
  // and flush_all_zero_pkmaps() clears all count-1 slots (slot 1, our p, among them).
  const seen = [];
  for (let i = 0; i < LAST_PKMAP; i++) {
    const page = alloc_page(GFP_HIGHUSER);
    seen.push(slot(kmap(page)));
    kunmap(page);
  }
  const wrap = seen.indexOf(0);                               // after the wrap slot 0 is used too
  console.log(`slots used: ${seen.slice(0, 3).join(" ")} ... ${seen.slice(wrap - 3, wrap + 4).join(" ")}`);
  expect(seen.slice(0, 3)).toEqual([3, 4, 5]);
  expect(seen.slice(wrap - 1, wrap + 3)).toEqual([LAST_PKMAP - 1, 0, 1, 3]);  // slot 1 is free again,
  expect(seen).not.toContain(2);                              // slot 2 is not: q still holds it

  expect(page_address(p)).toBeNull();                         // p lost its address in the flush
  expect(pkmap_count(p)).toBeNull();
  expect(page_address(q)).toBe(b);
  // A pointer kept from before is now stale: slot 1 maps some other page (or nothing).
  expect(translate(a)).not.toBe(BigInt(p.pfn) * BigInt(PAGE_SIZE));
  const again = kmap(p);                                      // a fresh slot, the data is still in the page
  expect(readl(again)).toBe(0x12345678);
  kunmap(p);
  kunmap(q);
});

test("kmap_atomic(): one fixmap slot per CPU and km_type", () => {
  const p = alloc_page(GFP_HIGHUSER);
  const q = alloc_page(GFP_HIGHUSER);
  const x = kmap_atomic(p, KM_USER0);
  const y = kmap_atomic(q, KM_USER1);
  console.log(`KM_USER0 at ${hex(x)}, KM_USER1 at ${hex(y)}, FIXADDR_TOP ${hex(FIXADDR_TOP)}`);
  expect(y).toBe(x - BigInt(PAGE_SIZE));                      // fixmap indices grow downwards
  expect(x).toBeLessThan(FIXADDR_TOP);
  expect(x).toBeGreaterThan(PKMAP_BASE + BigInt(LAST_PKMAP * PAGE_SIZE));
  expect(translate(x)).toBe(BigInt(p.pfn) * BigInt(PAGE_SIZE));
  expect(page_address(p)).toBeNull();                         // an atomic mapping is not recorded in the page
  kunmap_atomic(y, KM_USER1);
  kunmap_atomic(x, KM_USER0);
  expect(translate(x)).toBeNull();                            // kunmap_atomic clears the PTE at once

  const low = alloc_page(GFP_KERNEL);
  expect(kmap_atomic(low, KM_USER0)).toBe(page_address(low)); // lowmem: no fixmap slot used
  kunmap_atomic(page_address(low), KM_USER0);
});

test("vmalloc reaches highmem without kmap; vmalloc_32 stays low", () => {
  const v = vmalloc(2 * PAGE_SIZE);
  const page = vmalloc_to_page(v);
  expect(PageHighMem(page)).toBe(true);                       // GFP_KERNEL | __GFP_HIGHMEM
  expect(page_address(page)).toBeNull();                      // no direct-map address ...
  writel(v, 42);                                              // ... yet v works: vmalloc has its own PTEs
  expect(readl(v)).toBe(42);
  const v32 = vmalloc_32(PAGE_SIZE);
  expect(PageHighMem(vmalloc_to_page(v32))).toBe(false);      // for devices that need 32-bit addressable memory
  vfree(v);
  vfree(v32);
});

test("BUG: kunmap() once too often", () => {
  const p = alloc_page(GFP_HIGHUSER);
  kmap(p);
  kunmap(p);
  expect(() => kunmap(p)).toThrow(/^kernel BUG at mm\/highmem\.c:\d+!/);  // --pkmap_count[nr] reached 0
  expect(tainted()).toContain("D");
});

test("BUG: kunmap() of a page that was never kmapped", () => {
  const p = alloc_page(GFP_HIGHUSER);
  expect(() => kunmap(p)).toThrow(/^kernel BUG at mm\/highmem\.c:\d+!/);  // BUG_ON(!vaddr)
});

test("BUG: kmap_atomic() twice with the same type", () => {
  const p = alloc_page(GFP_HIGHUSER);
  const q = alloc_page(GFP_HIGHUSER);
  kmap_atomic(p, KM_USER0);
  // BUG_ON(!pte_none(*(kmap_pte-idx))): the slot is still in use. Not a debug check: production kernels too.
  expect(() => kmap_atomic(q, KM_USER0)).toThrow(/^kernel BUG at arch\/x86\/mm\/highmem_32\.c:\d+!/);
});
