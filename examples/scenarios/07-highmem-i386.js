// 07 — high memory on a 32-bit machine.
//
// On i386 with the 3G/1G split the kernel maps only the first ~888 MiB of RAM permanently (lowmem).
// Frames above that are ZONE_HIGHMEM: they have a struct page but no kernel address until someone
// maps them (kmap() arrives with the MMU), so page_address() returns NULL.

machine({ profile: "i386", ram: "2G" });

test("the zones of a 2 GiB i386 machine", () => {
  expect(Object.keys(buddyinfo())).toEqual(["DMA", "Normal", "HighMem"]);
  expect(PAGE_OFFSET).toBe(0xc0000000n);
  const normal = zoneinfo().find(z => z.name === "Normal");
  expect(normal.start_pfn + normal.spanned).toBe(0x377fe);  // lowmem ends at MAXMEM, not 896 MiB
});

test("a highmem page has no address", () => {
  const page = alloc_page(GFP_HIGHUSER);
  expect(PageHighMem(page)).toBe(true);
  expect(page_zone(page).name).toBe("HighMem");
  expect(page_address(page)).toBeNull();
  expect(page.virtual).toBeNull();
  __free_page(page);
});

test("a lowmem page has one", () => {
  const page = alloc_page(GFP_KERNEL);
  expect(PageHighMem(page)).toBe(false);
  expect(page_address(page)).toBe(0xc0000000n + BigInt(page_to_pfn(page)) * 4096n);
  __free_page(page);
});

test("__get_free_pages with __GFP_HIGHMEM is a bug", () => {
  expect(() => __get_free_pages(GFP_HIGHUSER, 0)).toThrow(/kernel BUG at mm\/page_alloc\.c/);
});

test("... which a production kernel turns into a silent leak", () => {
  machine({ profile: "i386", ram: "2G", debug: false });
  const free = zoneinfo().find(z => z.name === "HighMem").free;
  expect(__get_free_pages(GFP_HIGHUSER, 0)).toBe(0n);  // looks like a failure ...
  expect(zoneinfo().find(z => z.name === "HighMem").free).toBe(free - 1); // ... but a page is gone
});
