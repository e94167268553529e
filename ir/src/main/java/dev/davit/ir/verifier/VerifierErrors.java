package dev.davit.ir.verifier;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** Every error the verifier reported for a function, in the order found. Empty means valid. */
public final class VerifierErrors implements Iterable<VerifierError> {
    private final List<VerifierError> errors;

    VerifierErrors(List<VerifierError> errors) { this.errors = Collections.unmodifiableList(errors); }

    public boolean isEmpty() { return errors.isEmpty(); }

    public int size() { return errors.size(); }

    public VerifierError get(int i) { return errors.get(i); }

    /** The errors as an unmodifiable list. */
    public List<VerifierError> list() { return errors; }

    @Override public Iterator<VerifierError> iterator() { return errors.iterator(); }

    /** One {@code - location: message} line per error, as Cranelift displays them. */
    @Override public String toString() {
        StringBuilder sb = new StringBuilder();
        for (VerifierError e : errors) sb.append("- ").append(e).append('\n');
        return sb.toString();
    }
}
