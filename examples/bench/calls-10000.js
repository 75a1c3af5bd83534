// 10,000 kernel calls on the default 1 GiB machine, for measuring what watching a run costs:
//   kmemlab bench observe examples/bench/calls-10000.js     (times plain, --trace, --report and replay)
//   kmemlab run examples/bench/calls-10000.js --report calls.html
// Page allocations of orders 0-3, kmallocs of 16..2015 bytes and a vmalloc every 97 calls, freeing the oldest
// once 300 are held, and everything by the end. The report of this file is the one docs/report.md sizes.

const CALLS = 10000;

test("10000 calls", () => {
  const held = [];
  let calls = 0, i = 0;
  while (calls < CALLS) {
    if (held.length > 300 || (held.length > 0 && calls >= CALLS - held.length)) {
      const h = held.shift();
      if (h.kind === "page") __free_pages(h.v, h.order);
      else if (h.kind === "kmalloc") kfree(h.v);
      else vfree(h.v);
    } else if (i % 4 === 0) {
      held.push({ kind: "kmalloc", v: kmalloc(16 + (i * 37) % 2000, GFP_KERNEL) });
    } else if (i % 97 === 1) {
      held.push({ kind: "vmalloc", v: vmalloc(PAGE_SIZE * (1 + i % 5)) });
    } else {
      const order = i % 4;
      held.push({ kind: "page", v: alloc_pages(GFP_KERNEL, order), order });
    }
    calls++; i++;
  }
});
