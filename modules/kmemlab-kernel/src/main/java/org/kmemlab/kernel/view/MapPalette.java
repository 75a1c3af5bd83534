package org.kmemlab.kernel.view;

/** The characters, ANSI colours and RGB colours of the map's cells, shared by the text, SVG and PNG forms. */
public final class MapPalette {
    private MapPalette() {
    }

    /** Digits of a free block's order: 0–9, then A (order 10) and on. */
    private static final String ORDERS = "0123456789ABCDEF";

    /** The character of a cell code. */
    public static char symbol(int code) {
        return switch (FrameClassifier.kind(code)) {
            case HOLE -> '·';
            case RESERVED -> '▓';
            case FREE -> ORDERS.charAt(Math.min(FrameClassifier.detail(code), ORDERS.length() - 1));
            case PCP -> 'p';
            case ALLOCATED -> '█';
            case COMPOUND_HEAD -> 'C';
            case COMPOUND_TAIL -> 'c';
            case SLAB -> 'S';
            case PAGE_TABLE -> 'T';
            case VMALLOC -> 'V';
        };
    }

    /** SGR parameters of a kind's ANSI colour. */
    public static String ansi(FrameKind kind) {
        return switch (kind) {
            case HOLE -> "2";
            case RESERVED -> "90";
            case FREE -> "32";
            case PCP -> "36";
            case ALLOCATED -> "31";
            case COMPOUND_HEAD, COMPOUND_TAIL -> "35";
            case SLAB -> "33";
            case PAGE_TABLE -> "34";
            case VMALLOC -> "95";
        };
    }

    /** 0xRRGGBB of a cell; free blocks get darker green as their order grows. */
    public static int rgb(int code) {
        FrameKind k = FrameClassifier.kind(code);
        if (k == FrameKind.FREE) {
            int o = Math.min(FrameClassifier.detail(code), 10);
            int g = 0xe0 - o * 8;
            int rb = 0xb0 - o * 14;
            return rb << 16 | g << 8 | rb;
        }
        return rgb(k);
    }

    /** 0xRRGGBB of a kind (FREE: an order-5 block's green). */
    public static int rgb(FrameKind kind) {
        return switch (kind) {
            case HOLE -> 0xffffff;
            case RESERVED -> 0x606060;
            case FREE -> 0x3ab83a;
            case PCP -> 0x40c0d0;
            case ALLOCATED -> 0xd04040;
            case COMPOUND_HEAD -> 0x9030a0;
            case COMPOUND_TAIL -> 0xc080d0;
            case SLAB -> 0xe0b020;
            case PAGE_TABLE -> 0x3060d0;
            case VMALLOC -> 0xe070c0;
        };
    }

    /** What each kind means, in legend order: {symbol text, meaning}. */
    public static String[][] legend() {
        return new String[][] {
            {"·", "hole"}, {"▓", "reserved"}, {"0-A", "free block of order n"}, {"p", "per-CPU list"},
            {"█", "allocated"}, {"C", "compound head"}, {"c", "compound tail"}, {"S", "slab"}, {"T", "page table"},
            {"V", "vmalloc"}};
    }

    /** The kind each legend entry stands for, in the order of {@link #legend()}. */
    public static FrameKind legendKind(int i) {
        return FrameKind.values()[i];
    }
}
