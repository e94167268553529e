package dev.davit.islec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.davit.islec.demo.DemoRules;
import dev.davit.islec.demo.DemoRules.Inst;
import dev.davit.islec.demo.DemoRules.Op;
import org.junit.jupiter.api.Test;

/**
 * Runs rules that Maven compiled at build time with the exec plugin (pom.xml): the set-up a
 * backend uses, here on {@code src/test/isle/demo.isle}. The generated class is used directly,
 * as a backend would, with a plain Java context.
 */
class GeneratedAtBuildTimeTest {
  static final class Ctx implements DemoRules.Context {
    @Override
    public Long fits_i8(long v) {
      return v < 128 ? v : null;
    }

    @Override
    public long add(long a, long b) {
      return a + b;
    }

    @Override
    public long neg(long a) {
      return -a;
    }

    @Override
    public long mul(long a, long b) {
      return a * b;
    }
  }

  @Test
  void generatedRulesRun() {
    Ctx ctx = new Ctx();
    assertEquals(5, DemoRules.eval(ctx, new Inst.Bin(Op.Add, 5, 0)));
    assertEquals(12, DemoRules.eval(ctx, new Inst.Bin(Op.Add, 5, 7)));
    assertEquals(1005, DemoRules.eval(ctx, new Inst.Bin(Op.Add, 5, 1000)));
    assertEquals(-2, DemoRules.eval(ctx, new Inst.Bin(Op.Sub, 5, 7)));
    assertEquals(35, DemoRules.eval(ctx, new Inst.Bin(Op.Mul, 5, 7)));
    assertEquals(-9, DemoRules.eval(ctx, new Inst.Neg(9)));
  }
}
