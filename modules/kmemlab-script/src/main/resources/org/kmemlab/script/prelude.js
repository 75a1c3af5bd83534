// kmemlab prelude: the kernel API of SCENARIO-API.md as JavaScript globals, page objects,
// KernelBug, and Jest-style tests. Evaluated once per scenario file, before the scenario,
// with the host bridge as its only argument; the bridge is not reachable afterwards.
(function (K) {
  'use strict';
  const g = globalThis;
  const PRELUDE = '<kmemlab>';

  // ------------------------------------------------------------------ errors and locations

  class KernelBug extends Error {
    constructor(message) {
      super(message);
      this.name = 'KernelBug';
    }
  }

  /** "file:line" of the innermost scenario frame (not the prelude's). */
  function callerLocation() {
    const stack = String(new Error().stack || '').split('\n');
    for (const line of stack) {
      const m = /\(?([^()\s]+):(\d+):(\d+)\)?\s*$/.exec(line);
      if (m && m[1] !== PRELUDE && !m[1].startsWith('<')) {
        return m[1] + ':' + m[2];
      }
    }
    return '<unknown>';
  }

  /** Turn the error a bridge call left behind into the JS error the contract names. */
  function rethrow(e) {
    const err = K.takeError();
    if (err === null) {
      throw e;
    }
    const i = err.indexOf('\u0000');
    const kind = err.substring(0, i);
    const msg = err.substring(i + 1);
    if (kind === 'bug') {
      throw new KernelBug(msg.replace(/\n$/, '') + '\n    at ' + callerLocation());
    }
    if (kind === 'range') {
      throw new RangeError(msg);
    }
    throw new Error(msg);
  }

  function call(f) {
    try {
      return f();
    } catch (e) {
      return rethrow(e);
    }
  }

  function show(v) {
    if (typeof v === 'bigint') return v + 'n';
    if (typeof v === 'string') return JSON.stringify(v);
    if (v instanceof Page) return 'struct page (pfn ' + v.pfn + ')';
    if (v === undefined) return 'undefined';
    if (typeof v === 'number') return String(v);
    try {
      return JSON.stringify(v, (k, x) => typeof x === 'bigint' ? x + 'n' : x);
    } catch (e) {
      return String(v);
    }
  }

  // ------------------------------------------------------------------ values

  let BITS = 64;

  function intArg(fn, name, v) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new RangeError(fn + ': ' + name + ' must be a non-negative integer, got ' + show(v));
    }
    if (v > 0x7fffffff) {
      throw new RangeError(fn + ': ' + name + ' must be at most 2147483647, got ' + show(v));
    }
    return v;
  }

  /** memset's and memchr_inv's int c: any int, of which the low byte counts (memset(p, -1, n) fills 0xff). */
  function byteArg(fn, v) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) {
      throw new RangeError(fn + ': c must be an int (-2147483648 to 2147483647; its low byte is used), got ' + show(v));
    }
    return v & 0xff;
  }

  function gfpArg(fn, v) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      throw new TypeError(fn + ": argument 'gfp_mask' must be a GFP flag combination (a non-negative integer), got " + show(v));
    }
    return v | 0;
  }

  function sizeArg(fn, name, v) {
    if (typeof v === 'bigint') {
      if (v < 0n) throw new RangeError(fn + ': ' + name + ' must be non-negative, got ' + show(v));
      return Number(v);
    }
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new RangeError(fn + ': ' + name + ' must be a non-negative integer, got ' + show(v));
    }
    return v;
  }

  /** An address argument: BigInt, or a Number that is a safe integer; null means NULL. */
  function addrArg(fn, name, v) {
    if (v === null) return 0n;
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) v = BigInt(v);
    if (typeof v !== 'bigint') {
      throw new TypeError(fn + ": argument '" + name + "' must be an address (a BigInt like 0xffff880000001000n or a safe integer), got " + show(v));
    }
    if (v < 0n || v >= (1n << BigInt(BITS))) {
      throw new RangeError(fn + ": argument '" + name + "' " + show(v) + ' is not a ' + BITS + '-bit address');
    }
    return BigInt.asIntN(64, v);
  }

  /** A page protection (pgprot_t): BigInt or a safe integer, as the 64-bit raw value. */
  function protArg(fn, v) {
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) v = BigInt(v);
    if (typeof v !== 'bigint' || v < 0n || v >= (1n << 64n)) {
      throw new TypeError(fn + ": argument 'prot' must be a pgprot value such as PAGE_KERNEL, got " + show(v));
    }
    return BigInt.asIntN(64, v);
  }

  /** An address return where 0 means NULL → BigInt or null. */
  function addrOrNull(x) {
    return x == 0 ? null : addrRet(x);
  }

  /** A Java long holding an unsigned address → BigInt. */
  function addrRet(x) {
    return BigInt.asUintN(BITS, BigInt(x));
  }

  // ------------------------------------------------------------------ page objects

  let pages = new Map();
  const PFN = Symbol('pfn');
  const BOOTED = Symbol('boot');
  let boot = 0; // which machine page and cache objects belong to: a new one each time a machine boots

  /** obj[key] of a struct page or kmem_cache object, which must come from the current machine. */
  function owned(obj, key, fn, what) {
    if (obj[BOOTED] !== boot) {
      throw new TypeError(fn + ': ' + what + ' belongs to a machine that has since been replaced (each test() and '
        + 'each machine() call boots a fresh one); get it again on the current machine');
    }
    return obj[key];
  }

  class Page {
    constructor(pfn) {
      this[PFN] = pfn;
      this[BOOTED] = boot;
      Object.freeze(this);
    }
    get pfn() { return this[PFN]; }
    get flags() { const p = live(this, 'flags'); return BigInt.asUintN(BITS, BigInt(call(() => K.pageFlagsRaw(p)))); }
    get _count() { const p = live(this, '_count'); return call(() => K.pageCountField(p)); }
    get _mapcount() { const p = live(this, '_mapcount'); return call(() => K.pageMapcountField(p)); }
    get private() { const p = live(this, 'private'); return Number(call(() => K.pagePrivateField(p))); }
    get mapping() { const p = live(this, 'mapping'); return addrRet(call(() => K.pageMappingField(p))); }
    get index() { const p = live(this, 'index'); return Number(call(() => K.pageIndexField(p))); }
    get virtual() {
      const p = live(this, 'virtual');
      const v = call(() => K.pageVirtualField(p));
      return v == 0 ? null : addrRet(v);
    }
    get flagNames() {
      const p = live(this, 'flagNames');
      const s = call(() => K.pageFlagNames(p));
      return s === '' ? [] : s.split(',');
    }
    toString() { return 'struct page (pfn ' + this[PFN] + ')'; }
  }

  function pageOf(pfn) {
    if (pfn < 0) return null;
    const n = Number(pfn);
    let p = pages.get(n);
    if (p === undefined) {
      p = new Page(n);
      pages.set(n, p);
    }
    return p;
  }

  function pageArg(fn, v) {
    if (!(v instanceof Page)) {
      throw new TypeError(fn + ": argument 'page' must be a struct page (got " + show(v) + ')');
    }
    return owned(v, PFN, fn, String(v));
  }

  function live(page, field) {
    return owned(page, PFN, 'page.' + field, String(page));
  }

  // ------------------------------------------------------------------ kmem_cache objects

  const HANDLE = Symbol('cache');

  class KmemCache {
    constructor(h) {
      this[HANDLE] = h;
      this[BOOTED] = boot;
      Object.freeze(this);
    }
    get name() { const h = liveCache(this, 'name'); return JSON.parse(call(() => K.cacheInfoJson(h))).name; }
    get object_size() { const h = liveCache(this, 'object_size'); return JSON.parse(call(() => K.cacheInfoJson(h))).objsize; }
    get size() { const h = liveCache(this, 'size'); return JSON.parse(call(() => K.cacheInfoJson(h))).size; }
    toString() { return 'struct kmem_cache (' + this.name + ')'; }
  }

  function cacheArg(fn, v) {
    if (!(v instanceof KmemCache)) {
      throw new TypeError(fn + ": argument 'cachep' must be a struct kmem_cache from kmem_cache_create (got " + show(v) + ')');
    }
    return owned(v, HANDLE, fn, 'this kmem_cache');
  }

  function liveCache(cache, field) {
    return owned(cache, HANDLE, 'kmem_cache.' + field, 'this kmem_cache');
  }

  // ------------------------------------------------------------------ machine and constants

  let constants = {};
  const ADDRESS_CONSTANTS = new Set(['PAGE_OFFSET', 'VMALLOC_START', 'VMALLOC_END', 'ZERO_SIZE_PTR', 'PKMAP_BASE',
    'FIXADDR_TOP', 'PAGE_KERNEL', '_PAGE_NX']);

  function loadConstants() {
    BITS = K.is64() ? 64 : 32;
    const raw = JSON.parse(K.constantsJson());
    constants = {};
    for (const name of Object.keys(raw)) {
      const wide = name === 'PAGE_KERNEL' || name === '_PAGE_NX'; // pgprot values are 64-bit with PAE too
      constants[name] = ADDRESS_CONSTANTS.has(name) ? BigInt.asUintN(wide ? 64 : BITS, BigInt(raw[name])) : raw[name];
    }
    for (const name of Object.keys(constants)) {
      Object.defineProperty(g, name, { value: constants[name], writable: false, configurable: true, enumerable: false });
    }
  }

  function rebooted() {
    boot++;
    pages = new Map();
    loadConstants();
  }

  // ------------------------------------------------------------------ kernel API

  const api = {
    machine(opts) {
      call(() => K.machine(opts === undefined ? null : opts));
      rebooted();
    },
    alloc_pages(gfp, order) {
      gfp = gfpArg('alloc_pages', gfp);
      order = intArg('alloc_pages', 'order', order);
      return pageOf(call(() => K.alloc_pages(gfp, order)));
    },
    alloc_page(gfp) {
      gfp = gfpArg('alloc_page', gfp);
      return pageOf(call(() => K.alloc_pages(gfp, 0)));
    },
    page_address(page) {
      const p = pageArg('page_address', page);
      const a = call(() => K.page_address(p));
      return a == 0 ? null : addrRet(a);
    },
    __get_free_pages(gfp, order) {
      gfp = gfpArg('__get_free_pages', gfp);
      order = intArg('__get_free_pages', 'order', order);
      return addrRet(call(() => K.__get_free_pages(gfp, order)));
    },
    __get_free_page(gfp) {
      gfp = gfpArg('__get_free_page', gfp);
      return addrRet(call(() => K.__get_free_pages(gfp, 0)));
    },
    get_zeroed_page(gfp) {
      gfp = gfpArg('get_zeroed_page', gfp);
      return addrRet(call(() => K.get_zeroed_page(gfp)));
    },
    __get_dma_pages(gfp, order) {
      gfp = gfpArg('__get_dma_pages', gfp);
      order = intArg('__get_dma_pages', 'order', order);
      return addrRet(call(() => K.__get_dma_pages(gfp, order)));
    },
    __free_pages(page, order) {
      const p = pageArg('__free_pages', page);
      order = intArg('__free_pages', 'order', order);
      call(() => K.__free_pages(p, order));
    },
    __free_page(page) {
      const p = pageArg('__free_page', page);
      call(() => K.__free_pages(p, 0));
    },
    free_pages(addr, order) {
      const a = addrArg('free_pages', 'addr', addr);
      order = intArg('free_pages', 'order', order);
      call(() => K.free_pages(a, order));
    },
    free_page(addr) {
      const a = addrArg('free_page', 'addr', addr);
      call(() => K.free_pages(a, 0));
    },
    alloc_pages_exact(size, gfp) {
      size = sizeArg('alloc_pages_exact', 'size', size);
      gfp = gfpArg('alloc_pages_exact', gfp);
      const a = call(() => K.alloc_pages_exact(size, gfp));
      return a == 0 ? null : addrRet(a);
    },
    free_pages_exact(addr, size) {
      const a = addrArg('free_pages_exact', 'virt', addr);
      size = sizeArg('free_pages_exact', 'size', size);
      call(() => K.free_pages_exact(a, size));
    },
    split_page(page, order) {
      const p = pageArg('split_page', page);
      order = intArg('split_page', 'order', order);
      call(() => K.split_page(p, order));
    },
    get_page(page) { const p = pageArg('get_page', page); call(() => K.get_page(p)); },
    put_page(page) { const p = pageArg('put_page', page); call(() => K.put_page(p)); },
    page_count(page) { const p = pageArg('page_count', page); return call(() => K.page_count(p)); },
    page_mapcount(page) { const p = pageArg('page_mapcount', page); return call(() => K.page_mapcount(p)); },
    page_private(page) { const p = pageArg('page_private', page); return Number(call(() => K.page_private(p))); },
    page_to_pfn(page) { return pageArg('page_to_pfn', page); },
    pfn_to_page(pfn) {
      if (typeof pfn === 'bigint') pfn = Number(pfn);
      pfn = intArg('pfn_to_page', 'pfn', pfn);
      return pageOf(call(() => K.pfn_to_page(pfn)));
    },
    virt_to_page(addr) {
      const a = addrArg('virt_to_page', 'addr', addr);
      return pageOf(call(() => K.virt_to_page(a)));
    },
    virt_addr_valid(addr) {
      const a = addrArg('virt_addr_valid', 'addr', addr);
      return call(() => K.virt_addr_valid(a));
    },
    __pa(addr) { const a = addrArg('__pa', 'addr', addr); return addrRet(call(() => K.__pa(a))); },
    __va(addr) { const a = addrArg('__va', 'addr', addr); return addrRet(call(() => K.__va(a))); },
    page_zone(page) {
      const p = pageArg('page_zone', page);
      return JSON.parse(call(() => K.pageZoneJson(p)));
    },
    page_zonenum(page) { const p = pageArg('page_zonenum', page); return call(() => K.page_zonenum(p)); },
    PageHighMem(page) { const p = pageArg('PageHighMem', page); return call(() => K.PageHighMem(p)); },
    dump_page(page) { const p = pageArg('dump_page', page); return call(() => K.dump_page(p)); },
    drain_all_pages() { call(() => K.drain_all_pages()); },
    dmesg() { return call(() => K.dmesg()); },
    tainted() { return call(() => K.tainted()); },

    readb(addr) { const a = addrArg('readb', 'addr', addr); return Number(call(() => K.read(a, 1))); },
    readw(addr) { const a = addrArg('readw', 'addr', addr); return Number(call(() => K.read(a, 2))); },
    readl(addr) { const a = addrArg('readl', 'addr', addr); return Number(call(() => K.read(a, 4))); },
    readq(addr) { const a = addrArg('readq', 'addr', addr); return BigInt.asUintN(64, BigInt(call(() => K.read(a, 8)))); },
    writeb(addr, v) { const a = addrArg('writeb', 'addr', addr); call(() => K.write(a, 1, valueArg('writeb', v, 8))); },
    writew(addr, v) { const a = addrArg('writew', 'addr', addr); call(() => K.write(a, 2, valueArg('writew', v, 16))); },
    writel(addr, v) { const a = addrArg('writel', 'addr', addr); call(() => K.write(a, 4, valueArg('writel', v, 32))); },
    writeq(addr, v) { const a = addrArg('writeq', 'addr', addr); call(() => K.write(a, 8, valueArg('writeq', v, 64))); },
    memset(addr, c, n) {
      const a = addrArg('memset', 's', addr);
      c = byteArg('memset', c);
      n = sizeArg('memset', 'n', n);
      call(() => K.memset(a, c, n));
    },
    memcpy(dst, src, n) {
      const d = addrArg('memcpy', 'dest', dst);
      const s = addrArg('memcpy', 'src', src);
      n = sizeArg('memcpy', 'n', n);
      call(() => K.memcpy(d, s, n));
    },
    memchr_inv(addr, c, n) {
      const a = addrArg('memchr_inv', 'start', addr);
      c = byteArg('memchr_inv', c);
      n = sizeArg('memchr_inv', 'bytes', n);
      const r = call(() => K.memchr_inv(a, c, n));
      return r == 0 ? null : addrRet(r);
    },

    kmalloc(size, gfp) {
      size = sizeArg('kmalloc', 'size', size);
      gfp = gfpArg('kmalloc', gfp);
      const a = call(() => K.kmalloc(size, gfp));
      return a == 0 ? null : addrRet(a);
    },
    kfree(addr) { const a = addrArg('kfree', 'objp', addr); call(() => K.kfree(a)); },
    kzalloc(size, gfp) { return api.kmalloc(size, gfpArg('kzalloc', gfp) | 0x8000); },
    kcalloc(n, size, gfp) {
      n = sizeArg('kcalloc', 'n', n);
      size = sizeArg('kcalloc', 'size', size);
      gfp = gfpArg('kcalloc', gfp);
      const a = call(() => K.kcalloc(n, size, gfp));
      return a == 0 ? null : addrRet(a);
    },
    krealloc(addr, size, gfp) {
      const a = addrArg('krealloc', 'p', addr);
      size = sizeArg('krealloc', 'new_size', size);
      gfp = gfpArg('krealloc', gfp);
      const r = call(() => K.krealloc(a, size, gfp));
      return r == 0 ? null : addrRet(r);
    },
    ksize(addr) { const a = addrArg('ksize', 'objp', addr); return Number(call(() => K.ksize(a))); },
    kmem_cache_create(name, size, align, flags, ctor) {
      if (typeof name !== 'string') throw new TypeError("kmem_cache_create: argument 'name' must be a string");
      size = sizeArg('kmem_cache_create', 'size', size);
      align = sizeArg('kmem_cache_create', 'align', align === undefined ? 0 : align);
      flags = sizeArg('kmem_cache_create', 'flags', flags === undefined ? 0 : flags);
      if (ctor !== undefined && ctor !== null && typeof ctor !== 'function') {
        throw new TypeError("kmem_cache_create: argument 'ctor' must be a function or null");
      }
      const wrapped = ctor ? (a) => ctor(addrRet(a)) : null;
      const h = call(() => K.kmem_cache_create(name, size, align, flags, wrapped));
      return h < 0 ? null : new KmemCache(h);
    },
    kmem_cache_alloc(cache, gfp) {
      const h = cacheArg('kmem_cache_alloc', cache);
      gfp = gfpArg('kmem_cache_alloc', gfp);
      const a = call(() => K.kmem_cache_alloc(h, gfp));
      return a == 0 ? null : addrRet(a);
    },
    kmem_cache_zalloc(cache, gfp) { return api.kmem_cache_alloc(cache, gfpArg('kmem_cache_zalloc', gfp) | 0x8000); },
    kmem_cache_free(cache, obj) {
      const h = cacheArg('kmem_cache_free', cache);
      const a = addrArg('kmem_cache_free', 'objp', obj);
      call(() => K.kmem_cache_free(h, a));
    },
    kmem_cache_destroy(cache) { const h = cacheArg('kmem_cache_destroy', cache); call(() => K.kmem_cache_destroy(h)); },
    kmem_cache_shrink(cache) { const h = cacheArg('kmem_cache_shrink', cache); return call(() => K.kmem_cache_shrink(h)); },
    slabinfo() { return JSON.parse(call(() => K.viewJson('slabinfo'))); },
    vmalloc(size) {
      size = sizeArg('vmalloc', 'size', size);
      const a = call(() => K.vmalloc(size));
      return a == 0 ? null : addrRet(a);
    },
    vfree(addr) { const a = addrArg('vfree', 'addr', addr); call(() => K.vfree(a)); },
    __vmalloc(size, gfp, prot) {
      size = sizeArg('__vmalloc', 'size', size);
      gfp = gfpArg('__vmalloc', gfp);
      const pr = prot === undefined ? 0n : protArg('__vmalloc', prot);
      return addrOrNull(call(() => K.__vmalloc(size, gfp, pr)));
    },
    vzalloc(size) { size = sizeArg('vzalloc', 'size', size); return addrOrNull(call(() => K.vzalloc(size))); },
    vmalloc_user(size) { size = sizeArg('vmalloc_user', 'size', size); return addrOrNull(call(() => K.vmalloc_user(size))); },
    vmalloc_32(size) { size = sizeArg('vmalloc_32', 'size', size); return addrOrNull(call(() => K.vmalloc_32(size))); },
    vmap(pagesArr, count, flags, prot) {
      if (!Array.isArray(pagesArr)) throw new TypeError("vmap: argument 'pages' must be an array of struct page, got " + show(pagesArr));
      if (count === undefined) count = pagesArr.length;
      count = intArg('vmap', 'count', count);
      if (count > pagesArr.length) throw new RangeError('vmap: count ' + count + ' exceeds the ' + pagesArr.length + ' pages given');
      const pfns = pagesArr.slice(0, count).map((pg) => pageArg('vmap', pg));
      flags = flags === undefined ? 0x4 : intArg('vmap', 'flags', flags);
      const pr = prot === undefined ? 0n : protArg('vmap', prot);
      return addrOrNull(call(() => K.vmap(pfns, flags, pr)));
    },
    vunmap(addr) { const a = addrArg('vunmap', 'addr', addr); call(() => K.vunmap(a)); },
    vmalloc_to_pfn(addr) { const a = addrArg('vmalloc_to_pfn', 'addr', addr); return call(() => K.vmalloc_to_pfn(a)); },
    vmalloc_to_page(addr) { const a = addrArg('vmalloc_to_page', 'addr', addr); return pageOf(call(() => K.vmalloc_to_page(a))); },
    purge_vmap_area_lazy() { call(() => K.purge_vmap_area_lazy()); },
    vmallocinfo() {
      return JSON.parse(call(() => K.vmallocinfoJson())).map((a) =>
        Object.assign(a, { start: BigInt(a.start), end: BigInt(a.end) }));
    },
    translate(addr) {
      const a = addrArg('translate', 'vaddr', addr);
      const pa = call(() => K.translate(a));
      return pa < 0 ? null : BigInt(pa);
    },
    walk(addr) {
      const a = addrArg('walk', 'vaddr', addr);
      return JSON.parse(call(() => K.walkJson(a))).map((st) => Object.assign(st, { entry: BigInt(st.entry) }));
    },
    read_cr3() { return BigInt(call(() => K.read_cr3())); },
    kmap(page) { const p = pageArg('kmap', page); return addrOrNull(call(() => K.kmap(p))); },
    kunmap(page) { const p = pageArg('kunmap', page); call(() => K.kunmap(p)); },
    kmap_atomic(page, type) {
      const p = pageArg('kmap_atomic', page);
      type = type === undefined ? 3 /* KM_USER0 */ : intArg('kmap_atomic', 'type', type);
      return addrOrNull(call(() => K.kmap_atomic(p, type)));
    },
    kunmap_atomic(addr, type) {
      const a = addrArg('kunmap_atomic', 'kvaddr', addr);
      type = type === undefined ? 3 : intArg('kunmap_atomic', 'type', type);
      call(() => K.kunmap_atomic(a, type));
    },
    pkmap_count(page) { const p = pageArg('pkmap_count', page); const c = call(() => K.pkmap_count(p)); return c < 0 ? null : c; },

    proc(name) {
      if (typeof name !== 'string') throw new TypeError("proc: argument 'name' must be a string like \"buddyinfo\"");
      return call(() => K.proc(name));
    },
    buddyinfo() { return JSON.parse(call(() => K.viewJson('buddyinfo'))); },
    meminfo() { return JSON.parse(call(() => K.viewJson('meminfo'))); },
    zoneinfo() { return JSON.parse(call(() => K.viewJson('zoneinfo'))); },
    vmstat() { return JSON.parse(call(() => K.viewJson('vmstat'))); },
    modules() { return JSON.parse(call(() => K.modulesJson())); },
    available_modules() { return JSON.parse(call(() => K.availableModulesJson())); },
    // kmemlab extension: the physical memory map (docs/map.md), printed and returned as text
    show_map(opts) {
      if (opts === undefined || opts === null) opts = {};
      if (typeof opts !== 'object') throw new TypeError('show_map: argument must be an options object like { zone: "DMA32", blockOrder: 4, width: 64, color: false }, got ' + show(opts));
      for (const key of Object.keys(opts)) {
        if (!['zone', 'blockOrder', 'width', 'color'].includes(key)) throw new TypeError("show_map: unknown option '" + key + "' (zone, blockOrder, width, color)");
      }
      if (opts.zone !== undefined && typeof opts.zone !== 'string') throw new TypeError("show_map: option 'zone' must be a zone name like \"Normal\", got " + show(opts.zone));
      if (opts.color !== undefined && typeof opts.color !== 'boolean') throw new TypeError("show_map: option 'color' must be true or false, got " + show(opts.color));
      const order = opts.blockOrder === undefined ? -1 : intArg('show_map', 'blockOrder', opts.blockOrder);
      const width = opts.width === undefined ? 64 : intArg('show_map', 'width', opts.width);
      return call(() => K.show_map(opts.zone === undefined ? null : opts.zone, order, width, opts.color === true));
    },
  };

  function valueArg(fn, v, bits) {
    if (typeof v === 'number' && Number.isSafeInteger(v)) v = BigInt(v);
    if (typeof v !== 'bigint') {
      throw new TypeError(fn + ": argument 'value' must be an integer (Number or BigInt), got " + show(v));
    }
    return BigInt.asIntN(64, BigInt.asUintN(bits, v));
  }

  // Page flag predicates: PageLocked ... PageHWPoison, plus PageCompound.
  const PREDICATES = ['PageLocked', 'PageError', 'PageReferenced', 'PageUptodate', 'PageDirty', 'PageLRU',
    'PageActive', 'PageSlab', 'PageOwnerPriv1', 'PageArch1', 'PageReserved', 'PagePrivate', 'PagePrivate2',
    'PageWriteback', 'PageHead', 'PageTail', 'PageSwapCache', 'PageMappedToDisk', 'PageReclaim', 'PageBuddy',
    'PageSwapBacked', 'PageUnevictable', 'PageMlocked', 'PageUncached', 'PageHWPoison'];
  PREDICATES.forEach((name, bit) => {
    api[name] = function (page) {
      const p = pageArg(name, page);
      return call(() => K.pageFlag(p, bit));
    };
  });
  api.PageCompound = function (page) {
    const p = pageArg('PageCompound', page);
    return call(() => K.pageFlag(p, 14) || K.pageFlag(p, 15));
  };
  api.PageSlubFrozen = api.PageActive;
  api.PageSlobFree = api.PagePrivate;

  // ------------------------------------------------------------------ console

  function format(v) {
    if (typeof v === 'string') return v;
    return show(v);
  }
  const console = {
    log(...args) { K.print(args.map(format).join(' ')); },
  };
  console.info = console.log;
  console.warn = console.log;
  console.error = console.log;

  // ------------------------------------------------------------------ tests and expect

  const tests = [];
  const prefix = [];
  let befores = [];
  let afters = [];

  function test(name, fn) {
    if (typeof name !== 'string' || typeof fn !== 'function') {
      throw new TypeError('test(name, fn): name must be a string and fn a function');
    }
    tests.push({ name: prefix.concat([name]).join(' > '), fn, befores: befores.slice(), afters: afters.slice(), skip: false });
  }
  test.skip = function (name, fn) {
    tests.push({ name: prefix.concat([String(name)]).join(' > '), fn, befores: [], afters: [], skip: true });
  };
  test.only = test;
  function describe(name, fn) {
    prefix.push(String(name));
    const savedB = befores.slice();
    const savedA = afters.slice();
    try {
      fn();
    } finally {
      befores = savedB;
      afters = savedA;
      prefix.pop();
    }
  }
  describe.skip = function (name, fn) {
    const real = tests.length;
    describe(name, fn);
    for (let i = real; i < tests.length; i++) tests[i].skip = true;
  };

  class ExpectationFailed extends Error {
    constructor(message) {
      super(message);
      this.name = 'ExpectationFailed';
    }
  }

  function fail(message) {
    const where = callerLocation();
    K.recordFailure(message, where);
    throw new ExpectationFailed(message + '\n    at ' + where);
  }

  function deepEqual(a, b) {
    if (a === b) return true;
    if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (a instanceof Page || b instanceof Page) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (const k of ka) {
      if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqual(a[k], b[k])) return false;
    }
    return true;
  }

  function cmp(a, b) {
    // numbers and BigInts compare with each other exactly
    if (typeof a === 'bigint' || typeof b === 'bigint') {
      if ((typeof a === 'number' && !Number.isInteger(a)) || (typeof b === 'number' && !Number.isInteger(b))) {
        return Number(a) - Number(b);
      }
      const x = BigInt(a);
      const y = BigInt(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return a - b;
  }

  function expect(actual) {
    function make(negated) {
      const m = {};
      function check(pass, what, expectedText) {
        if (pass === negated) {
          fail('expect(received)' + (negated ? '.not' : '') + '.' + what + '\n' +
            '  Expected: ' + (negated ? 'not ' : '') + expectedText + '\n' +
            '  Received: ' + show(actual));
        }
      }
      m.toBe = (e) => check(Object.is(actual, e), 'toBe(expected)', show(e));
      m.toEqual = (e) => check(deepEqual(actual, e), 'toEqual(expected)', show(e));
      m.toStrictEqual = m.toEqual;
      m.toBeNull = () => check(actual === null, 'toBeNull()', 'null');
      m.toBeUndefined = () => check(actual === undefined, 'toBeUndefined()', 'undefined');
      m.toBeDefined = () => check(actual !== undefined, 'toBeDefined()', 'a defined value');
      m.toBeTruthy = () => check(!!actual, 'toBeTruthy()', 'a truthy value');
      m.toBeFalsy = () => check(!actual, 'toBeFalsy()', 'a falsy value');
      const numeric = (e, what) => {
        const ok = (typeof actual === 'number' || typeof actual === 'bigint') && (typeof e === 'number' || typeof e === 'bigint');
        if (!ok) fail('expect(received).' + what + ': both values must be numbers or BigInts\n  Expected: ' + show(e) + '\n  Received: ' + show(actual));
      };
      m.toBeGreaterThan = (e) => { numeric(e, 'toBeGreaterThan'); check(cmp(actual, e) > 0, 'toBeGreaterThan(expected)', '> ' + show(e)); };
      m.toBeGreaterThanOrEqual = (e) => { numeric(e, 'toBeGreaterThanOrEqual'); check(cmp(actual, e) >= 0, 'toBeGreaterThanOrEqual(expected)', '>= ' + show(e)); };
      m.toBeLessThan = (e) => { numeric(e, 'toBeLessThan'); check(cmp(actual, e) < 0, 'toBeLessThan(expected)', '< ' + show(e)); };
      m.toBeLessThanOrEqual = (e) => { numeric(e, 'toBeLessThanOrEqual'); check(cmp(actual, e) <= 0, 'toBeLessThanOrEqual(expected)', '<= ' + show(e)); };
      m.toContain = (e) => {
        const has = typeof actual === 'string' ? actual.includes(e)
          : (actual !== null && typeof actual === 'object' && typeof actual[Symbol.iterator] === 'function')
            ? Array.from(actual).some(x => Object.is(x, e)) : false;
        check(has, 'toContain(expected)', 'a value containing ' + show(e));
      };
      m.toHaveLength = (n) => check(actual != null && actual.length === n, 'toHaveLength(expected)', 'length ' + n);
      m.toMatch = (re) => {
        const r = typeof re === 'string' ? new RegExp(re.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : re;
        check(typeof actual === 'string' && r.test(actual), 'toMatch(expected)', 'a string matching ' + String(r));
      };
      m.toThrow = (e) => {
        if (typeof actual !== 'function') {
          fail('expect(received).toThrow(): received must be a function, got ' + show(actual));
        }
        let thrown = null;
        let threw = false;
        try {
          actual();
        } catch (x) {
          threw = true;
          thrown = x;
        }
        let pass = threw;
        let what = 'a thrown error';
        if (threw && e !== undefined) {
          const msg = thrown && thrown.message !== undefined ? String(thrown.message) : String(thrown);
          if (typeof e === 'function') {
            pass = thrown instanceof e;
            what = 'an instance of ' + (e.name || 'the class');
          } else if (e instanceof RegExp) {
            pass = e.test(msg);
            what = 'an error whose message matches ' + String(e);
          } else {
            pass = msg.includes(String(e));
            what = 'an error whose message contains ' + show(String(e));
          }
        }
        if (pass === negated) {
          fail('expect(received)' + (negated ? '.not' : '') + '.toThrow()\n' +
            '  Expected: ' + (negated ? 'no ' : '') + what + '\n' +
            '  Received: ' + (threw ? (thrown && thrown.name ? thrown.name + ': ' : '') + String(thrown && thrown.message !== undefined ? thrown.message : thrown).split('\n')[0] : 'nothing was thrown'));
        }
      };
      m.toThrowError = m.toThrow;
      return m;
    }
    const positive = make(false);
    positive.not = make(true);
    return positive;
  }

  // ------------------------------------------------------------------ runner hooks (called by the host)

  function runTest(i) {
    const t = tests[i];
    pages = new Map();
    rebooted();
    for (const b of t.befores) b();
    try {
      const r = t.fn();
      if (r && typeof r.then === 'function') {
        throw new TypeError('test "' + t.name + '": async tests are not supported; kernel calls are synchronous');
      }
    } finally {
      for (const a of t.afters) a();
    }
  }

  function failureOf(e) {
    if (e instanceof ExpectationFailed) return null; // already recorded host-side with its location
    const msg = (e && e.name ? e.name + ': ' : '') + (e && e.message !== undefined ? e.message : String(e));
    let where = '<unknown>';
    const stack = String((e && e.stack) || '').split('\n');
    for (const line of stack) {
      const m = /\(?([^()\s]+):(\d+):(\d+)\)?\s*$/.exec(line);
      if (m && m[1] !== PRELUDE && !m[1].startsWith('<')) {
        where = m[1] + ':' + m[2];
        break;
      }
    }
    return [msg, where];
  }

  const hooks = {
    count() { return tests.length; },
    name(i) { return tests[i].name; },
    skipped(i) { return tests[i].skip; },
    run(i) {
      try {
        runTest(i);
        return null;
      } catch (e) {
        const f = failureOf(e);
        if (f !== null) K.recordFailure(f[0], f[1]);
        return 'failed';
      }
    },
    topLevelFailure(e) {
      const f = failureOf(e);
      if (f !== null) K.recordFailure(f[0], f[1]);
    },
  };

  // ------------------------------------------------------------------ install globals

  const globals = Object.assign({}, api, {
    KernelBug, test, it: test, describe, expect, console,
    beforeEach: (fn) => { befores.push(fn); },
    afterEach: (fn) => { afters.push(fn); },
  });
  for (const name of Object.keys(globals)) {
    Object.defineProperty(g, name, { value: globals[name], writable: false, configurable: false, enumerable: false });
  }
  loadConstants();
  return hooks;
})
