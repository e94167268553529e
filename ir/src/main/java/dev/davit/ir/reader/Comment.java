package dev.davit.ir.reader;

/**
 * A comment in CLIF text.
 *
 * @param line    1-based line of the comment
 * @param text    the comment without its leading semicolons and one following space
 *                ({@code ; run: %f() == 1} gives {@code run: %f() == 1})
 * @param rawText the comment as written, from the first semicolon to the end of the line
 * @param entity  the entity it is attached to: the instruction whose line it ends, or else the
 *                entity before it
 */
public record Comment(int line, String text, String rawText, EntityRef entity) {
    /** Builds a comment from its raw text. */
    static Comment of(int line, String raw, EntityRef entity) {
        int i = 0;
        while (i < raw.length() && raw.charAt(i) == ';') i++;
        if (i < raw.length() && raw.charAt(i) == ' ') i++;
        return new Comment(line, raw.substring(i), raw, entity);
    }
}
