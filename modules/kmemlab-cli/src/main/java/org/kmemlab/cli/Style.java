package org.kmemlab.cli;

/** ✓/✗ and colours, only on a terminal and only when NO_COLOR is unset. */
final class Style {
    private final boolean color;

    Style(boolean color) {
        this.color = color;
    }

    static Style detect() {
        return new Style(System.console() != null && System.getenv("NO_COLOR") == null
            && !"dumb".equals(System.getenv("TERM")));
    }

    /** Whether colours are on. */
    boolean color() {
        return color;
    }

    String pass(String s) {
        return color ? "\u001b[32m" + s + "\u001b[0m" : s;
    }

    String fail(String s) {
        return color ? "\u001b[31m" + s + "\u001b[0m" : s;
    }

    String dim(String s) {
        return color ? "\u001b[2m" + s + "\u001b[0m" : s;
    }
}
