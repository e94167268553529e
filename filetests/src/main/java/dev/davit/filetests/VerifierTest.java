package dev.davit.filetests;

import dev.davit.ir.Type;
import dev.davit.ir.reader.Comment;
import dev.davit.ir.reader.EntityRef;
import dev.davit.ir.reader.ParsedFunction;
import dev.davit.ir.verifier.EntityLocation;
import dev.davit.ir.verifier.Verifier;
import dev.davit.ir.verifier.VerifierError;
import dev.davit.ir.verifier.VerifierErrors;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code test verifier}: each {@code ; error: TEXT} comment expects an error on the entity the
 * comment belongs to whose message contains TEXT; every reported error must be expected and every
 * expected error reported, as Cranelift's verifier test has it.
 */
final class VerifierTest implements SubTest {
    @Override public String name() { return "verifier"; }

    private record Expected(EntityRef entity, String text, int line) {}

    @Override
    public Outcome run(TestContext ctx, ParsedFunction f) {
        List<Expected> expected = new ArrayList<>();
        for (Comment c : f.details().comments()) {
            String tail = directive(c.text(), "error:");
            if (tail != null) expected.add(new Expected(c.entity(), tail, c.line()));
        }
        VerifierErrors errors = Verifier.verify(f.function(), pointerType(ctx));
        if (errors.isEmpty()) {
            if (expected.isEmpty()) return Outcome.PASS;
            Expected e = expected.get(0);
            return Outcome.fail(ctx.at(e.line, "verifier passed, but expected error: " + e.text));
        }
        List<VerifierError> left = new ArrayList<>(errors.list());
        StringBuilder msg = new StringBuilder();
        int firstLine = -1;
        for (Expected e : expected) {
            int found = -1;
            for (int i = 0; i < left.size(); i++) {
                if (sameEntity(e.entity, left.get(i).location()) && left.get(i).message().contains(e.text)) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                msg.append("\n  expected error at line ").append(e.line).append(": ").append(e.text);
                if (firstLine < 0) firstLine = e.line;
            } else {
                left.remove(found);
            }
        }
        for (VerifierError err : left) msg.append("\n  unexpected error ").append(err);
        if (msg.isEmpty()) return Outcome.PASS;
        return Outcome.fail(ctx.at(firstLine >= 0 ? firstLine : f.details().startLine(), "verifier errors differ:" + msg));
    }

    /** Cranelift's {@code match_directive}: the text after {@code name} when the comment starts with it. */
    static String directive(String comment, String name) {
        int i = 0;
        while (i < comment.length() && comment.charAt(i) == ';') i++;
        String text = comment.substring(i).stripLeading();
        return text.startsWith(name) ? text.substring(name.length()).strip() : null;
    }

    private static boolean sameEntity(EntityRef ref, EntityLocation loc) {
        return switch (ref) {
            case EntityRef.InstRef i -> loc instanceof EntityLocation.Inst li && li.inst() == i.inst();
            case EntityRef.BlockRef b -> loc instanceof EntityLocation.Block lb && lb.block() == b.block();
            case EntityRef.FunctionRef fn -> loc instanceof EntityLocation.FunctionLevel;
            case EntityRef.PreambleRef p -> loc.text().equals(p.entity());
        };
    }

    /** The pointer type of the file's first target, for the target-dependent checks; null without one. */
    static Type pointerType(TestContext ctx) {
        List<String> targets = SubTests.targets(ctx.file());
        if (targets.isEmpty()) return null;
        String t = targets.get(0);
        return t.equals("pulley32") || t.equals("pulley32be") || t.startsWith("i686") || t.startsWith("riscv32")
                ? Type.I32 : Type.I64;
    }
}
