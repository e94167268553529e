package dev.davit.ir;

/**
 * One parameter or return value of a {@link Signature}.
 *
 * @param type      value type
 * @param extension how a narrow integer is extended at the ABI boundary
 * @param purpose   special purpose, or {@link Purpose#NORMAL}
 * @param size      byte size for {@link Purpose#STRUCT_ARGUMENT}, else 0
 */
public record AbiParam(Type type, Extension extension, Purpose purpose, int size) {
    public enum Extension { NONE, UEXT, SEXT }

    public enum Purpose {
        NORMAL(""), STRUCT_ARGUMENT("sarg"), STRUCT_RETURN("sret"), VMCTX("vmctx"), STACK_LIMIT("stack_limit");

        private final String text;
        Purpose(String text) { this.text = text; }
        public String text() { return text; }
    }

    public AbiParam(Type type) { this(type, Extension.NONE, Purpose.NORMAL, 0); }

    /** CLIF text, e.g. {@code i32 uext} or {@code i64 sarg(16)}. */
    public String text() {
        StringBuilder sb = new StringBuilder(type.toString());
        if (extension == Extension.UEXT) sb.append(" uext");
        if (extension == Extension.SEXT) sb.append(" sext");
        if (purpose == Purpose.STRUCT_ARGUMENT) sb.append(" sarg(").append(size).append(')');
        else if (purpose != Purpose.NORMAL) sb.append(' ').append(purpose.text());
        return sb.toString();
    }

    @Override public String toString() { return text(); }
}
