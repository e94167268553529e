package dev.davit.ir.reader;

/**
 * A CLIF text that could not be read. The position is 1-based; {@link #getMessage()} is
 * {@code file:line:column: message} (without the file part when the text had no file name), the
 * form editors and the test runner jump to.
 */
public final class ParseError extends Exception {
    private final String fileName;
    private final int line;
    private final int column;
    private final String message;

    public ParseError(String fileName, int line, int column, String message) {
        super(format(fileName, line, column, message), null, false, false);
        this.fileName = fileName;
        this.line = line;
        this.column = column;
        this.message = message;
    }

    private static String format(String fileName, int line, int column, String message) {
        String pos = line + ":" + column + ": " + message;
        return fileName == null || fileName.isEmpty() ? pos : fileName + ":" + pos;
    }

    /** The file name given to the parser, or null. */
    public String fileName() { return fileName; }

    public int line() { return line; }

    public int column() { return column; }

    /** The message without the position. */
    public String message() { return message; }

    /** The same error attributed to {@code file}. */
    public ParseError withFileName(String file) { return new ParseError(file, line, column, message); }

    /** The same error moved by a line and column offset (for text parsed out of a larger file). */
    public ParseError shifted(int lineDelta, int columnDelta) {
        return new ParseError(fileName, line + lineDelta, column + columnDelta, message);
    }
}
