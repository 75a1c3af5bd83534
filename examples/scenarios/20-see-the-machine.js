// 20 — Seeing the machine: the physical memory map after a few kinds of allocation.
//
// Every page frame has a struct page, and what the frame is right now can be read from it: PG_reserved
// for frames the kernel kept at boot (the BIOS page, the kernel image, its page tables), PG_buddy with
// private = order on the first frame of a free block, PG_slab on slab pages, PG_head/PG_tail on compound
// pages, a _count on allocated ones. show_map() draws that, one character per frame (or per block of
// frames on a big machine), zone by zone; `kmemlab map --run` draws it after a scenario, and
// `kmemlab run FILE --report r.html` lets you step through every call with the same picture.
//
// A small machine keeps the picture small: 64 MiB is 16,384 frames, DMA (pfn 0-4095) and DMA32.

machine({ ram: "64M", debug: false });

test("an order-3 block, a compound page, slab objects and a vmalloc area on the map", () => {
  const block = alloc_pages(GFP_KERNEL, 3);              // 8 frames; only the first has _count 1
  const comp = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);  // PG_head on the first frame, PG_tail on 3
  const objs = [];
  for (let i = 0; i < 40; i++) objs.push(kmalloc(512, GFP_KERNEL)); // kmalloc-512 slab pages
  const v = vmalloc(6 * PAGE_SIZE);                      // 6 frames taken one at a time

  expect(page_count(block)).toBe(1);
  expect(comp.flagNames).toContain("head");
  expect(virt_to_page(objs[0]).flagNames).toContain("slab");
  expect(page_count(vmalloc_to_page(v))).toBe(1);

  const map = show_map({ zone: "DMA32", blockOrder: 2, width: 96 })  // 1 character = 4 frames;
  expect(map).toContain("Zone DMA32");
  expect(map).toContain("legend:");

  vfree(v);
  for (const o of objs) kfree(o);
  __free_pages(comp, 2);
  __free_pages(block, 3);
});
