package dev.davit.ir;

import java.util.List;

/** A function signature: parameters, returns and calling convention. Immutable. */
public record Signature(List<AbiParam> params, List<AbiParam> returns, CallConv callConv) {
    public Signature {
        params = List.copyOf(params);
        returns = List.copyOf(returns);
    }

    /** CLIF text, e.g. {@code (i32, i64) -> i32 system_v}. */
    public String text() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < params.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(params.get(i).text());
        }
        sb.append(')');
        if (!returns.isEmpty()) {
            sb.append(" -> ");
            for (int i = 0; i < returns.size(); i++) {
                if (i > 0) sb.append(", ");
                sb.append(returns.get(i).text());
            }
        }
        sb.append(' ').append(callConv.text());
        return sb.toString();
    }

    @Override public String toString() { return text(); }
}
