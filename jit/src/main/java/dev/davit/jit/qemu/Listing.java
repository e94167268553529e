package dev.davit.jit.qemu;

import java.io.ByteArrayOutputStream;

/**
 * Hand-written AArch64 code kept as a listing: each line is zero or more 32-bit words in hex
 * followed by the assembly they encode, e.g. {@code "8b010000  add x0, x0, x1"}. Labels and
 * comments ({@code //}) carry no words. The words are what runs; the assembly is there so a test
 * can feed it to {@code aarch64-linux-gnu-as} and prove the two agree.
 */
public final class Listing {
    private Listing() {}

    /** The words of {@code listing}, little-endian, as AArch64 instructions are in memory. */
    public static byte[] code(String listing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : listing.split("\n")) {
            for (String tok : line.strip().split("\\s+")) {
                if (!isWord(tok)) break;
                int w = Integer.parseUnsignedInt(tok, 16);
                for (int b = 0; b < 4; b++) out.write(w >>> (8 * b));
            }
        }
        return out.toByteArray();
    }

    /** The assembly of {@code listing}, words removed. */
    public static String assembly(String listing) {
        StringBuilder sb = new StringBuilder();
        for (String line : listing.split("\n")) {
            String t = line.strip();
            while (t.length() >= 8 && isWord(t.substring(0, 8)) && (t.length() == 8 || Character.isWhitespace(t.charAt(8))))
                t = t.substring(8).strip();
            sb.append(t).append('\n');
        }
        return sb.toString();
    }

    /** Byte offset of {@code label:} in the code, or -1. */
    public static int labelOffset(String listing, String label) {
        int words = 0;
        for (String line : listing.split("\n")) {
            String t = line.strip();
            if (t.equals(label + ":")) return words * 4;
            for (String tok : t.split("\\s+")) {
                if (!isWord(tok)) break;
                words++;
            }
        }
        return -1;
    }

    private static boolean isWord(String tok) {
        if (tok.length() != 8) return false;
        for (int i = 0; i < 8; i++) if (Character.digit(tok.charAt(i), 16) < 0 || Character.isUpperCase(tok.charAt(i))) return false;
        return true;
    }
}
