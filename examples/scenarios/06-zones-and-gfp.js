// 06 — zones and GFP flags.
//
// The gfp_mask says where a page may come from (zone modifiers __GFP_DMA, __GFP_DMA32,
// __GFP_HIGHMEM) and how hard the allocator may try (__GFP_WAIT, __GFP_HIGH, ...). gfp_zone() picks
// the highest allowed zone; the zonelist falls back downward from there.

test("GFP constants have their 2.6.34 values", () => {
  expect(GFP_KERNEL).toBe(0xd0);         // __GFP_WAIT | __GFP_IO | __GFP_FS
  expect(GFP_ATOMIC).toBe(0x20);         // __GFP_HIGH
  expect(GFP_HIGHUSER_MOVABLE).toBe(0x200da);
  expect(__GFP_ZERO).toBe(0x8000);
});

test("zone modifiers pick the zone", () => {
  machine({ ram: "8G" });                // big enough for ZONE_NORMAL above 4 GiB
  expect(page_zone(alloc_page(GFP_KERNEL)).name).toBe("Normal");
  expect(page_zone(alloc_page(GFP_DMA32)).name).toBe("DMA32");
  expect(page_zone(alloc_page(GFP_DMA)).name).toBe("DMA");
  expect(page_zone(alloc_page(GFP_HIGHUSER)).name).toBe("Normal"); // no highmem on x86_64
  expect(Object.keys(buddyinfo())).toEqual(["DMA", "DMA32", "Normal"]);
});

test("watermarks: GFP_KERNEL stops at min, GFP_ATOMIC may dig deeper", () => {
  machine({ ram: "64M" });
  while (alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0) !== null) {}
  const z = zoneinfo().find(z => z.name === "DMA32");
  expect(z.free).toBeLessThanOrEqual(z.min + 1);
  expect(alloc_page(GFP_ATOMIC)).not.toBeNull();  // ALLOC_HIGH | ALLOC_HARDER lower the bar
  expect(alloc_page(GFP_KERNEL)).toBeNull();
});

test("the DMA zone is protected by lowmem_reserve", () => {
  machine({ ram: "64M" });
  const dma = zoneinfo().find(z => z.name === "DMA");
  expect(dma.protection[1]).toBeGreaterThan(0);   // pages GFP_KERNEL must leave in DMA
  while (alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0) !== null) {}
  const after = zoneinfo().find(z => z.name === "DMA");
  expect(after.free).toBeGreaterThan(after.min + after.protection[1] - 1);
  expect(alloc_page(GFP_DMA)).not.toBeNull();     // a DMA request may still use it
});
