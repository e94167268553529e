package dev.davit.islec;

/**
 * A synthetic ISLE rule set of any size, for measuring the compiler ({@code clif-util bench isle})
 * and for tests that need a large, realistic input.
 */
public final class SyntheticRules {
  private SyntheticRules() {}

  /**
   * {@code opcodes * (kinds + 1)} lowering rules in the shape of a backend's: dispatch on an opcode,
   * then on operand shapes (constants, loads, if-let on a partial constructor), with a fallback.
   */
  public static String ruleSet(int opcodes, int kinds) {
    StringBuilder b = new StringBuilder();
    b.append("(type Opcode (enum");
    for (int i = 0; i < opcodes; i++) b.append(" Op").append(i);
    b.append("))\n");
    b.append("""
        (type Value (primitive Value))
        (type Inst (primitive Inst))
        (type Reg (primitive Reg))
        (type MInst (enum (Rr (op u32) (a Reg) (b Reg))
                          (Ri (op u32) (a Reg) (imm u64))
                          (Rm (op u32) (a Reg) (base Reg) (off u64))))
        (decl inst_data (Opcode Value Value) Inst)
        (extern extractor infallible inst_data inst_data)
        (decl iconst (u64) Value)
        (extern extractor iconst iconst)
        (decl load (Value u64) Value)
        (extern extractor load load)
        (decl put_in_reg (Value) Reg)
        (extern constructor put_in_reg put_in_reg)
        (convert Value Reg put_in_reg)
        (decl pure partial simm32 (u64) u64)
        (extern constructor simm32 simm32)
        (decl lower (Inst) MInst)
        """);
    for (int op = 0; op < opcodes; op++) {
      for (int k = 0; k < kinds; k++) {
        String o = "(Opcode.Op" + op + ")";
        switch (k % 3) {
          case 0 -> b.append("(rule ").append(k).append(" (lower (inst_data ").append(o)
              .append(" a (iconst ").append(k).append("))) (MInst.Ri ").append(op)
              .append(" a ").append(k).append("))\n");
          case 1 -> b.append("(rule ").append(k).append(" (lower (inst_data ").append(o)
              .append(" a (load base ").append(k).append("))) (MInst.Rm ").append(op)
              .append(" a base ").append(k).append("))\n");
          default -> b.append("(rule ").append(k).append(" (lower (inst_data ").append(o)
              .append(" a (iconst c))) (if-let d (simm32 c)) (MInst.Ri ").append(op)
              .append(" a d))\n");
        }
      }
      b.append("(rule -1 (lower (inst_data (Opcode.Op").append(op).append(") a b)) (MInst.Rr ")
          .append(op).append(" a b))\n");
    }
    return b.toString();
  }

}
