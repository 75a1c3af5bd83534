// Graded (after the due date): /proc/buddyinfo after a fixed sequence equals buddy=linux's.

function workload() {
  const kept = [];
  for (let i = 0; i < 60; i++) {
    const order = (i * 7) % 5;
    const p = alloc_pages(i % 9 === 0 ? GFP_DMA : GFP_KERNEL, order);
    if (i % 3 === 0) __free_pages(p, order); else kept.push([p, order]);
  }
  for (let i = 0; i < kept.length; i += 2) __free_pages(kept[i][0], kept[i][1]);
  return proc("buddyinfo");
}

test("/proc/buddyinfo after 60 allocations and 40 frees is the kernel's", () => {
  const mine = workload();
  machine({ modules: { buddy: "linux" } });
  expect(mine).toBe(workload());
});
