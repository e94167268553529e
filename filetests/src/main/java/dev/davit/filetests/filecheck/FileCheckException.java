package dev.davit.filetests.filecheck;

/** A directive that cannot be understood: bad variable syntax, an invalid regex, an undefined variable. */
public final class FileCheckException extends Exception {
    public FileCheckException(String message) { super(message); }
}
