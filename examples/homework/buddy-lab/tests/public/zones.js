// Graded: gfp_zone() picks the highest zone the mask allows; the zonelist falls back downwards.

test("GFP_DMA comes from ZONE_DMA, GFP_KERNEL from DMA32 on a 64 MiB machine", () => {
  const dma = alloc_pages(GFP_DMA, 0);
  expect(page_zone(dma).name).toBe("DMA");
  const k = alloc_pages(GFP_KERNEL, 2);
  expect(page_zone(k).name).toBe("DMA32");
  __free_pages(dma, 0);
  __free_pages(k, 2);
});

test("when DMA32 runs low, GFP_KERNEL falls back to ZONE_DMA", () => {
  const taken = [];
  let fell = null;
  for (let i = 0; i < 40000 && fell === null; i++) {
    const p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
    if (p === null) break;
    if (page_zone(p).name === "DMA") fell = p; else taken.push(p);
  }
  expect(fell).not.toBeNull();
  const z = zoneinfo().find(z => z.name === "DMA32");
  expect(z.free).toBeLessThanOrEqual(z.low + 1);   // it left DMA32 only at the watermark
  __free_pages(fell, 0);
  for (const p of taken) __free_pages(p, 0);
});
