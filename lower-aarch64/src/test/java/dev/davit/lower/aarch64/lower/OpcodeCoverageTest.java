package dev.davit.lower.aarch64.lower;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.machinst.CompiledCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every opcode in the backend's scope, at every integer width it is defined for, lowers, passes
 * register allocation with the checker on, and is emitted (without running it: that is
 * {@link QemuDifferentialTest}, which needs qemu).
 */
class OpcodeCoverageTest {
    @Test
    void everyScopedOpcodeAtEveryWidthCompiles() {
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (QemuDifferentialTest.Case c : QemuDifferentialTest.cases()) {
            try {
                CompiledCode code = LowerTestSupport.compile(LowerTestSupport.parse(c.clif()));
                assertTrue(code.bytes().length > 0 && code.bytes().length % 4 == 0, c.name());
                n++;
            } catch (TargetIsa.CompileError | RuntimeException e) {
                failures.add(c.name() + ": " + e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + (n + failures.size()) + " failed:\n" + String.join("\n", failures));
    }

    @Test
    void trapAndUnconditionalTrapLower() throws TargetIsa.CompileError {
        CompiledCode code = LowerTestSupport.compile(LowerTestSupport.parse("""
                function %f(i32) -> i32 {
                block0(v0: i32):
                    brif v0, block1, block2
                block1:
                    trap user3
                block2:
                    return v0
                }
                """));
        assertTrue(code.vcode().contains("udf #3"), code.vcode());
    }

    @Test
    void unsupportedInstructionsAreCompileErrors() {
        assertThrows(TargetIsa.CompileError.class, () -> LowerTestSupport.compile(LowerTestSupport.parse("""
                function %f(i32x4, i32x4) -> i32x4 {
                block0(v0: i32x4, v1: i32x4):
                    v2 = iadd v0, v1
                    return v2
                }
                """)));
    }
}
