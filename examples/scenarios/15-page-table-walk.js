// 15 — walking the page tables by hand, the way the MMU does.
//
// Every kernel address — direct map, vmalloc, kmap — is translated by the same hardware walk. On x86_64
// a 48-bit virtual address splits into four 9-bit indices and a 12-bit offset:
//     | pgd 47..39 | pud 38..30 | pmd 29..21 | pte 20..12 | offset 11..0 |
// CR3 holds the physical address of the pgd. Each level is a 4 KiB table of 512 eight-byte entries; an
// entry holds the physical frame of the next table (or of the data page) in bits 12..45, flags in the
// low 12 bits (present, rw, user, accessed, dirty, pse, global) and NX in bit 63. An entry with pse set
// at the pmd level maps a whole 2 MiB page and ends the walk early.
//
// Page tables are ordinary RAM, so we can do the walk ourselves: read_cr3(), then readq(__va(table +
// index * 8)) level by level, and check the result against kmemlab's walk() and translate().
// Then the variations 2.6.34 gives you: with CONFIG_DEBUG_PAGEALLOC (debug: true) the direct map is
// built from 4 KiB pages so single pages can be unmapped; without it, from 2 MiB pages (DirectMap2M in
// /proc/meminfo). A 32-bit i386 kernel walks two levels of 1024 four-byte entries (10 + 10 + 12 bits,
// 4 MiB large pages, no NX); i386 with PAE walks three (2 + 9 + 9 + 12 bits) of 64-bit entries, with NX.

const hex = (x) => (x === null ? "null" : "0x" + x.toString(16));

// The three paging modes, as the MMU sees them.
const X86_64 = {
  levels: [["pgd", 39n, 9n], ["pud", 30n, 9n], ["pmd", 21n, 9n], ["pte", 12n, 9n]],
  entrySize: 8n, frameMask: 0x00003ffffffff000n,   // __PHYSICAL_MASK_SHIFT 46
};
const I386 = {
  levels: [["pgd", 22n, 10n], ["pte", 12n, 10n]],
  entrySize: 4n, frameMask: 0xfffff000n,
};
const I386_PAE = {
  levels: [["pgd", 30n, 2n], ["pmd", 21n, 9n], ["pte", 12n, 9n]],
  entrySize: 8n, frameMask: 0x00000ffffffff000n,   // __PHYSICAL_MASK_SHIFT 44
};

const FLAG_BITS = [["present", 0n], ["rw", 1n], ["user", 2n], ["pwt", 3n], ["pcd", 4n], ["accessed", 5n],
  ["dirty", 6n], ["pse", 7n], ["global", 8n], ["nx", 63n]];
const decode = (entry) => FLAG_BITS.filter(([, bit]) => (entry >> bit) & 1n).map(([name]) => name);

// What the MMU does on a TLB miss.
function walkByHand(va, mode) {
  const steps = [];
  let table = read_cr3() & ~0xfffn;
  for (const [name, shift, bits] of mode.levels) {
    const index = (va >> shift) & ((1n << bits) - 1n);
    const slot = __va(table + index * mode.entrySize);      // the entry, read through the direct map
    const entry = mode.entrySize === 8n ? readq(slot) : BigInt(readl(slot));
    steps.push({ name, index: Number(index), entry, flags: decode(entry) });
    const frame = entry & mode.frameMask;
    const at = `${name}[${index}]`.padEnd(10);
    console.log(`  ${at} = ${hex(entry).padEnd(20)} frame ${hex(frame).padEnd(12)} ${decode(entry).join(",")}`);
    if (!(entry & 1n)) return { steps, phys: null };                // not present: page fault
    if (shift === 12n) return { steps, phys: frame + (va & 0xfffn) };
    if (entry & 0x80n) {                                            // pse: a large page, the walk ends here
      const size = 1n << shift;
      return { steps, phys: (frame & ~(size - 1n)) + (va & (size - 1n)) };
    }
    table = frame;                                                  // the next level's table
  }
}

function check(label, va, mode) {
  console.log(`${label} ${hex(va)}:`);
  const r = walkByHand(va, mode);
  console.log(`  -> physical ${hex(r.phys)}`);
  expect(r.steps).toEqual(walk(va));       // same entries, same indices, same flags as kmemlab's walker
  expect(r.phys).toBe(translate(va));
  return r;
}

test("x86_64: a kmalloc address, four levels by hand", () => {
  const k = kmalloc(100, GFP_KERNEL);
  const r = check("kmalloc", k, X86_64);
  expect(r.steps.map((s) => s.name)).toEqual(["pgd", "pud", "pmd", "pte"]);
  expect(r.steps[0].index).toBe(272);                 // PAGE_OFFSET 0xffff880000000000 >> 39 & 511
  expect(r.phys).toBe(__pa(k));                       // the direct map really is "virtual - PAGE_OFFSET"
  const pte = r.steps[3];
  const kernelRW = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_GLOBAL;  // 0x163
  expect(pte.entry & 0xfffn).toBe(BigInt(kernelRW));
  expect(pte.flags).not.toContain("user");            // a kernel page: user mode gets a fault
  expect(meminfo().DirectMap4k).toBe(1024 * 1024);    // debug: true, so the whole direct map is 4 KiB pages
  kfree(k);
});

test("x86_64: a vmalloc address lives under another pgd slot", () => {
  const v = vmalloc(3 * PAGE_SIZE);
  const r = check("vmalloc", v + 0x1234n, X86_64);
  expect(r.steps[0].index).toBe(402);                 // VMALLOC_START 0xffffc90000000000 >> 39 & 511
  expect(r.steps[3].index).toBe(1);                   // second page of the area
  expect(r.phys >> 12n).toBe(BigInt(vmalloc_to_pfn(v + 0x1000n)));
  // vmalloc's PTEs are PAGE_KERNEL: no user, global, and NX (data is never executed).
  expect(r.steps[3].flags).toEqual(["present", "rw", "accessed", "dirty", "global", "nx"]);
  // The tables above were made by pud_alloc/pmd_alloc/pte_alloc with _PAGE_TABLE, which includes
  // _PAGE_USER. The MMU ANDs the permissions of all levels, so the PTE alone keeps user mode out.
  expect(r.steps[1].flags).toContain("user");
  vfree(v);
});

test("x86_64 without DEBUG_PAGEALLOC: 2 MiB pages, the walk stops at the pmd", () => {
  machine({ debug: true });
  const small = meminfo();
  machine({ debug: false });
  const large = meminfo();
  for (const [name, m] of [["debug", small], ["production", large]]) {
    console.log(`${name}: DirectMap4k ${m.DirectMap4k} kB, DirectMap2M ${m.DirectMap2M} kB, MemTotal ${m.MemTotal} kB`);
  }
  expect(large.DirectMap2M).toBe(1024 * 1024);
  expect(large.DirectMap4k).toBe(0);
  // 1 GiB in 4 KiB pages needs 512 PTE tables: 2 MiB of RAM the production kernel keeps.
  expect(large.MemTotal - small.MemTotal).toBe(512 * 4);

  const k = kmalloc(100, GFP_KERNEL);
  const r = check("kmalloc", k + 0x10n, X86_64);
  expect(r.steps.map((s) => s.name)).toEqual(["pgd", "pud", "pmd"]);
  expect(r.steps[2].flags).toContain("pse");
  expect(r.steps[2].entry & 0x1fffffn).toBe(0x1e3n);  // frame 2 MiB aligned, P|RW|A|D|PSE|G
  expect(r.steps[2].flags).not.toContain("nx");       // the first GiB keeps head_64.S's executable mapping
  // vmalloc still maps 4 KiB at a time, with its own page tables.
  const v = vmalloc(100);
  expect(check("vmalloc", v, X86_64).steps).toHaveLength(4);
});

test("i386: two levels, 1024 entries of 4 bytes", () => {
  machine({ profile: "i386", ram: "2G" });
  const k = kmalloc(100, GFP_KERNEL);
  const r = check("kmalloc", k, I386);
  expect(r.steps.map((s) => s.name)).toEqual(["pgd", "pte"]);
  expect(r.steps[0].index).toBe(Number(k >> 22n));    // 768 and up: the kernel's last quarter of the pgd
  expect(r.steps[1].flags).not.toContain("nx");       // 32-bit entries have no NX bit
  const v = vmalloc(100);
  expect(check("vmalloc", v, I386).steps).toHaveLength(2);

  machine({ profile: "i386", ram: "2G", debug: false });
  const va = PAGE_OFFSET + 0x10000000n;               // 256 MiB into lowmem
  const big = check("direct map, no debug", va, I386);
  expect(big.steps).toHaveLength(1);                  // a 4 MiB page right in the pgd
  expect(big.steps[0].flags).toContain("pse");
  expect(meminfo().DirectMap4M).toBeGreaterThan(0);   // non-PAE names it DirectMap4M
  // The first 4 MiB stay in 4 KiB pages (init_memory_mapping avoids large pages over the MTRRs there).
  expect(walk(PAGE_OFFSET)).toHaveLength(2);
});

test("i386 PAE: three levels, 64-bit entries, NX is back", () => {
  machine({ profile: "i386", ram: "2G", modules: { mmu: "i386-pae" } });
  const v = vmalloc(100);
  const r = check("vmalloc", v, I386_PAE);
  expect(r.steps.map((s) => s.name)).toEqual(["pgd", "pmd", "pte"]);
  expect(r.steps[0].index).toBe(3);                   // 0xc0000000 and up: the 4th of 4 pgd entries
  expect(r.steps[0].flags).toEqual(["present"]);      // the PDPT entries carry no other flags
  expect(r.steps[2].flags).toContain("nx");
  const k = kmalloc(100, GFP_KERNEL);
  check("kmalloc", k, I386_PAE);

  machine({ profile: "i386", ram: "2G", debug: false, modules: { mmu: "i386-pae" } });
  const big = check("direct map, no debug", PAGE_OFFSET + 0x10000000n, I386_PAE);
  expect(big.steps.map((s) => s.name)).toEqual(["pgd", "pmd"]);  // a 2 MiB page in the pmd
  expect(meminfo().DirectMap2M).toBeGreaterThan(0);
});
