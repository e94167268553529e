package dev.davit.ir.reader;

import dev.davit.ir.AbiParam;
import dev.davit.ir.AliasRegionData;
import dev.davit.ir.AtomicRmwOp;
import dev.davit.ir.CallConv;
import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.DynamicStackSlotData;
import dev.davit.ir.DynamicTypeData;
import dev.davit.ir.ExceptionTableData;
import dev.davit.ir.ExtFuncData;
import dev.davit.ir.ExternalName;
import dev.davit.ir.FloatCC;
import dev.davit.ir.Format;
import dev.davit.ir.Function;
import dev.davit.ir.FunctionStencil;
import dev.davit.ir.GlobalValueData;
import dev.davit.ir.IntCC;
import dev.davit.ir.Layout;
import dev.davit.ir.MemFlags;
import dev.davit.ir.OpConstraints;
import dev.davit.ir.Opcode;
import dev.davit.ir.Signature;
import dev.davit.ir.StackSlotData;
import dev.davit.ir.TrapCode;
import dev.davit.ir.Type;
import dev.davit.ir.UserExternalName;
import dev.davit.ir.UserFuncName;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recursive-descent reader behind {@link ClifParser}: header lines, then functions. Keeps one
 * token of lookahead (the {@link Lexer}'s current token, comments skipped) and files every comment
 * it skips under the entity being read at that moment, which gives Cranelift's attachment rule: a
 * comment belongs to the instruction whose line it ends or to the entity before it.
 *
 * <p>Entity numbers are kept as written: values and blocks are reserved in the
 * {@link DataFlowGraph} up to the largest number seen, preamble entities are stored at their
 * index. Operands may name values defined later in the text; they are checked once the whole body
 * is read, and a controlling type that depends on such a value is inferred then, in as many rounds
 * as the chain of dependencies needs.
 */
final class Parser {
    /** Most blocks a function may have (Cranelift's limit). */
    static final int MAX_BLOCKS = 100_000;
    /** Largest value number accepted; value handles are dense, so this bounds memory. */
    static final int MAX_VALUES = 1 << 20;
    /** Largest preamble entity number accepted. */
    static final int MAX_ENTITIES = 100_000;

    private static final EntityRef FUNCTION_REF = new EntityRef.FunctionRef();

    private static final NameTable<Opcode> OPCODES;
    static {
        Opcode[] ops = Opcode.values();
        String[] names = new String[ops.length];
        for (int i = 0; i < ops.length; i++) names[i] = ops[i].textName();
        OPCODES = new NameTable<>(names, ops);
    }

    private static final String[] LIBCALLS = {"Probestack", "CeilF32", "CeilF64", "FloorF32", "FloorF64",
            "TruncF32", "TruncF64", "NearestF32", "NearestF64", "FmaF32", "FmaF64", "Memcpy", "Memset", "Memmove",
            "Memcmp", "ElfTlsGetAddr", "ElfTlsGetOffset", "X86Pshufb"};
    private static final String[] KNOWN_SYMBOLS = {"ElfGlobalOffsetTable", "CoffTlsIndex"};

    private final Lexer lex;
    private final String fileName;
    private int tok;
    private CallConv defaultCallConv = CallConv.FAST;

    /** Where skipped comments go, and which entity they are attached to. */
    private List<Comment> commentSink;
    private EntityRef entity = FUNCTION_REF;

    // ---- per-function state ----
    private Function func;
    private FunctionStencil st;
    private DataFlowGraph dfg;
    private Layout layout;
    private boolean[] defined = new boolean[64];
    private final BitSet ssDefined = new BitSet(), dssDefined = new BitSet(), dtDefined = new BitSet(),
            gvDefined = new BitSet(), sigDefined = new BitSet(), fnDefined = new BitSet(), constDefined = new BitSet(),
            regionDefined = new BitSet();
    private boolean stackLimitDefined;
    private final Map<ByteBuffer, Integer> constantIndex = new HashMap<>();
    private int constantCount;
    private final IntArrayList aliases = new IntArrayList(), aliasLine = new IntArrayList(), aliasCol = new IntArrayList();
    private final IntArrayList pending = new IntArrayList();
    private int[] instLine = new int[64], instCol = new int[64];
    private int[] blockLine = new int[16], blockCol = new int[16];

    // ---- scratch ----
    private int[] argBuf = new int[16];
    private int nargs;
    private final IntArrayList bcArgs = new IntArrayList();

    Parser(String text, String fileName) {
        this.lex = new Lexer(text, fileName);
        this.fileName = fileName;
    }

    // =====================================================================================
    // Tokens and errors
    // =====================================================================================

    private void advance() throws ParseError {
        while (lex.next() == Lexer.COMMENT) {
            if (commentSink != null) commentSink.add(Comment.of(lex.tokLine, lex.text(), entity));
        }
        tok = lex.kind;
    }

    ParseError err(String message) {
        return new ParseError(fileName, lex.tokLine, lex.tokCol, message);
    }

    private ParseError errAt(int line, int col, String message) {
        return new ParseError(fileName, line, col, message);
    }

    /** The position of the current token, for the API boundary's last-resort error. */
    int line() { return lex.tokLine; }

    int column() { return lex.tokCol; }

    private void expect(int kind, String message) throws ParseError {
        if (tok != kind) throw err(message);
        advance();
    }

    private boolean optional(int kind) throws ParseError {
        if (tok != kind) return false;
        advance();
        return true;
    }

    private boolean isIdent(String s) {
        return tok == Lexer.IDENT && lex.textIs(s);
    }

    private void expectIdent(String s, String message) throws ParseError {
        if (!isIdent(s)) throw err(message);
        advance();
    }

    // =====================================================================================
    // Files
    // =====================================================================================

    TestFile parseTestFile() throws ParseError {
        List<Comment> preamble = new ArrayList<>();
        commentSink = preamble;
        entity = FUNCTION_REF;
        advance();
        List<TestCommand> commands = new ArrayList<>();
        while (isIdent("test")) {
            int line = lex.tokLine;
            List<String> words = words(lex.restOfLine());
            String name = words.isEmpty() ? "" : words.get(0);
            commands.add(new TestCommand(name, words.isEmpty() ? List.of() : words.subList(1, words.size()), line));
            advance();
        }
        List<IsaLine> isa = new ArrayList<>();
        boolean seenTarget = false;
        int danglingSetLine = -1, danglingSetCol = -1;
        while (tok == Lexer.IDENT && (lex.textIs("set") || lex.textIs("target"))) {
            boolean isSet = lex.textIs("set");
            int line = lex.tokLine, col = lex.tokCol;
            List<String> words = words(lex.restOfLine());
            if (isSet) {
                danglingSetLine = line;
                danglingSetCol = col;
            } else {
                if (words.isEmpty()) throw errAt(line, col, "expected target triple");
                seenTarget = true;
                danglingSetLine = -1;
            }
            isa.add(new IsaLine(isSet ? "set" : "target", words, line));
            advance();
        }
        if (seenTarget && danglingSetLine >= 0) {
            throw errAt(danglingSetLine, danglingSetCol, "dangling 'set' command after ISA specification has no effect.");
        }
        while (isIdent("feature")) {
            advance();
            optional(Lexer.BANG);
            if (tok != Lexer.STRING) throw err("Expected feature flag string, got " + Lexer.kindName(tok));
            advance();
        }
        // Functions in run tests are called from the host, so they default to its convention.
        for (TestCommand c : commands) {
            if (c.name().equals("run")) defaultCallConv = CallConv.SYSTEM_V;
        }
        List<ParsedFunction> functions = new ArrayList<>();
        while (tok != Lexer.EOF) functions.add(parseFunction());
        return new TestFile(fileName, commands, isa, functions, preamble);
    }

    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        int i = 0, n = s.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(s.charAt(i))) i++;
            int b = i;
            while (i < n && !Character.isWhitespace(s.charAt(i))) i++;
            if (i > b) out.add(s.substring(b, i));
        }
        return out;
    }

    // =====================================================================================
    // Functions
    // =====================================================================================

    private void resetFunctionState() {
        if (defined.length > 4096) defined = new boolean[64];
        else Arrays.fill(defined, false);
        ssDefined.clear(); dssDefined.clear(); dtDefined.clear(); gvDefined.clear();
        sigDefined.clear(); fnDefined.clear(); constDefined.clear(); regionDefined.clear();
        stackLimitDefined = false;
        constantIndex.clear();
        constantCount = 0;
        aliases.clear(); aliasLine.clear(); aliasCol.clear();
        pending.clear();
        Arrays.fill(instLine, -1);
        Arrays.fill(instCol, -1);
        Arrays.fill(blockLine, -1);
        Arrays.fill(blockCol, -1);
    }

    private ParsedFunction parseFunction() throws ParseError {
        List<Comment> comments = new ArrayList<>();
        commentSink = comments;
        entity = FUNCTION_REF;
        if (!isIdent("function")) throw err("expected 'function'");
        int startLine = lex.tokLine;
        advance();
        resetFunctionState();
        UserFuncName name = parseUserFuncName();
        // A function's own user names are declared while reading it, so they need a Function first.
        func = new Function(name, new Signature(List.of(), List.of(), defaultCallConv));
        st = func.stencil();
        dfg = func.dfg();
        layout = func.layout();
        st.setSignature(parseSignature());
        expect(Lexer.LBRACE, "expected '{' before function body");
        parsePreamble();
        while (tok != Lexer.RBRACE) parseBlock();
        int endLine = lex.tokLine;
        finishBody();
        entity = FUNCTION_REF;
        advance();
        int ni = dfg.numInsts(), nb = dfg.numBlocks();
        FunctionDetails details = new FunctionDetails(startLine, endLine, comments,
                Arrays.copyOf(instLine, ni), Arrays.copyOf(instCol, ni),
                Arrays.copyOf(blockLine, nb), Arrays.copyOf(blockCol, nb));
        Function f = func;
        func = null; st = null; dfg = null; layout = null;
        return new ParsedFunction(f, details);
    }

    private UserFuncName parseUserFuncName() throws ParseError {
        if (tok == Lexer.NAME) {
            String n = new String(lex.src, lex.start + 1, lex.end - lex.start - 1);
            advance();
            return new UserFuncName.TestCase(n);
        }
        if (tok == Lexer.USERREF) {
            int ns = (int) lex.num;
            advance();
            if (tok != Lexer.COLON) throw err("expected user function name in the form uX:Y");
            advance();
            if (tok != Lexer.INTEGER) throw err("expected integer");
            int idx = decimalU32("the integer given overflows the u32 type");
            advance();
            return new UserFuncName.User(new UserExternalName(ns, idx));
        }
        throw err("expected external name");
    }

    /** The current INTEGER token as a plain decimal u32. */
    private int decimalU32(String overflowMessage) throws ParseError {
        int b = lex.start, e = lex.end;
        if (e - b > 10) throw err(overflowMessage);
        long v = 0;
        for (int i = b; i < e; i++) {
            char c = lex.src[i];
            if (c < '0' || c > '9') throw err(overflowMessage);
            v = v * 10 + (c - '0');
        }
        if (v > 0xffff_ffffL) throw err(overflowMessage);
        return (int) v;
    }

    // =====================================================================================
    // Signatures and names
    // =====================================================================================

    private Signature parseSignature() throws ParseError {
        expect(Lexer.LPAR, "expected function signature: ( args... )");
        List<AbiParam> params = tok != Lexer.RPAR ? parseAbiParamList() : List.of();
        expect(Lexer.RPAR, "expected ')' after function arguments");
        List<AbiParam> returns = List.of();
        if (optional(Lexer.ARROW)) returns = parseAbiParamList();
        CallConv cc = defaultCallConv;
        if (tok == Lexer.IDENT) {
            cc = CallConv.byName(lex.text());
            if (cc == null) throw err("unknown calling convention: " + lex.text());
            advance();
        }
        return new Signature(params, returns, cc);
    }

    private List<AbiParam> parseAbiParamList() throws ParseError {
        List<AbiParam> list = new ArrayList<>();
        list.add(parseAbiParam());
        while (optional(Lexer.COMMA)) list.add(parseAbiParam());
        return list;
    }

    private AbiParam parseAbiParam() throws ParseError {
        if (tok != Lexer.TYPE) throw err("expected parameter type");
        Type t = lex.type;
        advance();
        AbiParam.Extension ext = AbiParam.Extension.NONE;
        AbiParam.Purpose purpose = AbiParam.Purpose.NORMAL;
        int size = 0;
        while (tok == Lexer.IDENT) {
            if (lex.textIs("uext")) ext = AbiParam.Extension.UEXT;
            else if (lex.textIs("sext")) ext = AbiParam.Extension.SEXT;
            else if (lex.textIs("sarg")) {
                advance();
                expect(Lexer.LPAR, "expected '(' to begin sarg size");
                if (tok != Lexer.INTEGER) throw err("expected byte-size in sarg decl");
                size = (int) uimm32();
                advance();
                if (tok != Lexer.RPAR) throw err("expected ')' to end sarg size");
                purpose = AbiParam.Purpose.STRUCT_ARGUMENT;
            } else if (lex.textIs("normal")) {
                purpose = AbiParam.Purpose.NORMAL;
                size = 0;
            } else if (lex.textIs("sret")) purpose = AbiParam.Purpose.STRUCT_RETURN;
            else if (lex.textIs("vmctx")) purpose = AbiParam.Purpose.VMCTX;
            else if (lex.textIs("stack_limit")) purpose = AbiParam.Purpose.STACK_LIMIT;
            else break;
            advance();
        }
        return new AbiParam(t, ext, purpose, purpose == AbiParam.Purpose.STRUCT_ARGUMENT ? size : 0);
    }

    private ExternalName parseExternalName() throws ParseError {
        switch (tok) {
            case Lexer.NAME -> {
                String n = new String(lex.src, lex.start + 1, lex.end - lex.start - 1);
                advance();
                for (String s : KNOWN_SYMBOLS) if (s.equals(n)) return new ExternalName.KnownSymbol(n);
                for (String s : LIBCALLS) if (s.equals(n)) return new ExternalName.LibCall(n);
                return new ExternalName.TestCase(n);
            }
            case Lexer.USERNAMEREF -> {
                long r = lex.num;
                if (r > Integer.MAX_VALUE) throw err("user name reference too large");
                advance();
                return new ExternalName.User((int) r);
            }
            case Lexer.USERREF -> {
                int ns = (int) lex.num;
                advance();
                if (tok != Lexer.COLON) throw err("expected colon");
                advance();
                if (tok != Lexer.INTEGER) throw err("expected integer");
                int idx = decimalU32("the integer given overflows the u32 type");
                advance();
                return new ExternalName.User(func.declareImportedUserFunction(new UserExternalName(ns, idx)));
            }
            default -> throw err("expected external name");
        }
    }

    // =====================================================================================
    // Preamble
    // =====================================================================================

    private int entityNumber(String what) throws ParseError {
        if (lex.num >= MAX_ENTITIES) throw err(what + " number too large");
        return (int) lex.num;
    }

    private void parsePreamble() throws ParseError {
        while (true) {
            switch (tok) {
                case Lexer.SS -> parseStackSlotDecl();
                case Lexer.DSS -> parseDynamicStackSlotDecl();
                case Lexer.DT -> parseDynamicTypeDecl();
                case Lexer.GV -> parseGlobalValueDecl();
                case Lexer.SIG -> parseSignatureDecl();
                case Lexer.FN -> parseFunctionDecl();
                case Lexer.CONST -> parseConstantDecl();
                case Lexer.REGION -> parseRegionDecl();
                case Lexer.IDENT -> {
                    if (!lex.textIs("stack_limit")) return;
                    parseStackLimitDecl();
                }
                default -> { return; }
            }
        }
    }

    /** Starts a preamble declaration: checks its number is new and files later comments under it. */
    private int beginDecl(BitSet defined, String prefix) throws ParseError {
        int n = entityNumber(prefix);
        if (defined.get(n)) throw err("duplicate entity: " + prefix + n);
        defined.set(n);
        entity = new EntityRef.PreambleRef(prefix + n);
        advance();
        expect(Lexer.EQUAL, "expected '=' in " + declName(prefix) + " declaration");
        return n;
    }

    private static String declName(String prefix) {
        return switch (prefix) {
            case "ss", "dss" -> "stack slot";
            case "dt" -> "dynamic type";
            case "gv" -> "global value";
            case "sig" -> "signature";
            case "fn" -> "function";
            case "const" -> "constant";
            default -> "alias region";
        };
    }

    private void parseStackSlotDecl() throws ParseError {
        int n = beginDecl(ssDefined, "ss");
        if (!isIdent("explicit_slot")) throw err("expected stack slot kind");
        advance();
        if (tok != Lexer.INTEGER) throw err("expected byte-size in stack_slot decl");
        long bytes = imm64();
        if (bytes < 0) throw err("negative stack slot size");
        if (bytes > 0xffff_ffffL) throw err("stack slot too large");
        advance();
        long align = 1;
        long key = -1;
        while (tok == Lexer.COMMA) {
            advance();
            if (isIdent("align")) {
                advance();
                expect(Lexer.EQUAL, "expected `=` after flag");
                if (tok != Lexer.INTEGER) throw err("expected alignment-size after `align` flag");
                align = imm64();
                if (align < 0 || align > 0xffff_ffffL) throw err("alignment must be a 32-bit unsigned integer");
                if (Long.bitCount(align) != 1) throw err("stack slot alignment is not a power of two");
                advance();
            } else if (isIdent("key")) {
                advance();
                expect(Lexer.EQUAL, "expected `=` after flag");
                if (tok != Lexer.INTEGER) throw err("expected key value after `key` flag");
                key = imm64();
                advance();
            } else {
                throw err("expected a valid stack-slot flag (currently only `align`)");
            }
        }
        for (int i = st.numStackSlots(); i < n; i++) st.setStackSlot(i, new StackSlotData(0));
        st.setStackSlot(n, new StackSlotData((int) bytes, Long.numberOfTrailingZeros(align), key));
    }

    private void parseDynamicStackSlotDecl() throws ParseError {
        int n = beginDecl(dssDefined, "dss");
        if (!isIdent("explicit_dynamic_slot")) throw err("expected stack slot kind");
        advance();
        if (tok != Lexer.DT) throw err("expected dynamic type");
        int dt = entityNumber("dynamic type");
        advance();
        for (int i = st.numDynamicStackSlots(); i < n; i++) st.setDynamicStackSlot(i, new DynamicStackSlotData(dt));
        st.setDynamicStackSlot(n, new DynamicStackSlotData(dt));
    }

    private void parseDynamicTypeDecl() throws ParseError {
        int n = beginDecl(dtDefined, "dt");
        if (tok != Lexer.TYPE) throw err("expected base type");
        Type base = lex.type;
        if (!base.isVector()) throw err("expected vector type");
        advance();
        expect(Lexer.STAR, "expected '*' followed by a dynamic scale value");
        if (tok != Lexer.GV) throw err("expected dynamic scale global value");
        int gv = entityNumber("global value");
        advance();
        DynamicTypeData d = new DynamicTypeData(base, gv);
        for (int i = dfg.numDynamicTypes(); i < n; i++) dfg.setDynamicType(i, d);
        dfg.setDynamicType(n, d);
    }

    private void parseGlobalValueDecl() throws ParseError {
        int n = beginDecl(gvDefined, "gv");
        if (tok != Lexer.IDENT) throw err("expected global value kind");
        GlobalValueData data;
        if (lex.textIs("vmctx")) {
            advance();
            data = new GlobalValueData.VmContext();
        } else if (lex.textIs("load")) {
            advance();
            expect(Lexer.DOT, "expected '.' followed by type in load global value decl");
            if (tok != Lexer.TYPE) throw err("expected load type");
            Type t = lex.type;
            advance();
            MemFlags flags = memFlags();
            if (tok != Lexer.GV) throw err("expected global value: gv«n»");
            int base = entityNumber("global value");
            advance();
            int offset = optionalOffset32();
            if (!(flags.notrap() && flags.aligned())) throw err("global-value load must be notrap and aligned");
            data = new GlobalValueData.Load(base, offset, t, flags);
        } else if (lex.textIs("iadd_imm")) {
            advance();
            expect(Lexer.DOT, "expected '.' followed by type in iadd_imm global value decl");
            if (tok != Lexer.TYPE) throw err("expected iadd type");
            Type t = lex.type;
            advance();
            if (tok != Lexer.GV) throw err("expected global value: gv«n»");
            int base = entityNumber("global value");
            advance();
            expect(Lexer.COMMA, "expected ',' followed by rhs in iadd_imm global value decl");
            if (tok != Lexer.INTEGER) throw err("expected iadd_imm immediate");
            long off = imm64();
            advance();
            data = new GlobalValueData.IAddImm(base, off, t);
        } else if (lex.textIs("symbol")) {
            advance();
            boolean colocated = false, tls = false;
            if (isIdent("colocated")) { colocated = true; advance(); }
            if (isIdent("tls")) { tls = true; advance(); }
            ExternalName name = parseExternalName();
            long off = 0;
            if (tok == Lexer.INTEGER && (lex.src[lex.start] == '+' || lex.src[lex.start] == '-')) {
                off = imm64();
                advance();
            }
            data = new GlobalValueData.Symbol(name, off, colocated, tls);
        } else if (lex.textIs("dyn_scale_target_const")) {
            advance();
            expect(Lexer.DOT, "expected '.' followed by type in dynamic scale global value decl");
            if (tok != Lexer.TYPE) throw err("expected load type");
            Type t = lex.type;
            if (!t.isVector()) throw err("Expected vector type");
            advance();
            data = new GlobalValueData.DynScaleTargetConst(t);
        } else {
            throw err("Unknown global value kind '" + lex.text() + "'");
        }
        for (int i = st.numGlobalValues(); i < n; i++) {
            st.setGlobalValue(i, new GlobalValueData.Symbol(new ExternalName.TestCase(""), 0, false, false));
        }
        st.setGlobalValue(n, data);
    }

    private void parseSignatureDecl() throws ParseError {
        int n = beginDecl(sigDefined, "sig");
        Signature s = parseSignature();
        for (int i = dfg.numSignatures(); i < n; i++) dfg.setSignature(i, emptySignature());
        dfg.setSignature(n, s);
    }

    private Signature emptySignature() {
        return new Signature(List.of(), List.of(), defaultCallConv);
    }

    private void parseFunctionDecl() throws ParseError {
        int n = beginDecl(fnDefined, "fn");
        boolean colocated = false, patchable = false;
        while (tok == Lexer.IDENT) {
            if (lex.textIs("colocated")) colocated = true;
            else if (lex.textIs("patchable")) patchable = true;
            else break;
            advance();
        }
        ExternalName name = parseExternalName();
        int sigRef;
        if (tok == Lexer.LPAR) {
            Signature s = parseSignature();
            sigRef = dfg.addSignature(s);
            if (sigRef >= MAX_ENTITIES) throw err("too many signatures");
            sigDefined.set(sigRef);
        } else if (tok == Lexer.SIG) {
            sigRef = entityNumber("signature");
            if (!sigDefined.get(sigRef)) throw err("undefined signature sig" + sigRef);
            advance();
        } else {
            throw err("expected 'function' or sig«n» in function decl");
        }
        // Cranelift leaves undeclared function numbers as placeholders without a signature, which
        // print as nothing; null does the same here.
        dfg.setExtFunc(n, new ExtFuncData(name, sigRef, colocated, patchable));
    }

    private void parseConstantDecl() throws ParseError {
        int n = beginDecl(constDefined, "const");
        byte[] data;
        if (tok == Lexer.TYPE) {
            Type t = lex.type;
            advance();
            data = uimm128(t);
        } else {
            if (tok != Lexer.INTEGER) throw err("expected an immediate hexadecimal operand");
            try {
                data = Literals.parseHexConstant(lex.src, lex.start, lex.end);
            } catch (Literals.Bad b) {
                throw err("expected hexadecimal immediate, failed to parse: " + b.getMessage());
            }
            advance();
        }
        if (dfg.constant(n) == null) constantCount++;
        dfg.setConstant(n, data);
        constantIndex.put(ByteBuffer.wrap(data), n);
    }

    private void parseRegionDecl() throws ParseError {
        int n = beginDecl(regionDefined, "region");
        if (tok != Lexer.INTEGER) throw err("expected alias region id");
        long id;
        try {
            id = Literals.parseU64(lex.src, lex.start, lex.end);
        } catch (Literals.Bad b) {
            throw err(b.getMessage());
        }
        advance();
        String name = null;
        if (tok == Lexer.STRING) {
            name = new String(lex.src, lex.start + 1, lex.end - lex.start - 2);
            advance();
        }
        st.setAliasRegion(n, new AliasRegionData(id, name));
    }

    private void parseStackLimitDecl() throws ParseError {
        if (stackLimitDefined) throw err("stack limit defined twice");
        entity = new EntityRef.PreambleRef("stack_limit");
        advance();
        expect(Lexer.EQUAL, "expected '=' in stack limit decl");
        if (tok != Lexer.GV) throw err("expected global value");
        int gv = entityNumber("global value");
        advance();
        stackLimitDefined = true;
        st.setStackLimit(gv);
    }

    // =====================================================================================
    // Immediates
    // =====================================================================================

    private long imm64() throws ParseError {
        try {
            return Literals.parseImm64(lex.src, lex.start, lex.end);
        } catch (Literals.Bad b) {
            throw err(b.getMessage());
        }
    }

    private long uimm32() throws ParseError {
        try {
            return Literals.parseUimm32(lex.src, lex.start, lex.end);
        } catch (Literals.Bad b) {
            throw err(b.getMessage());
        }
    }

    private int uimm8(String message) throws ParseError {
        if (tok != Lexer.INTEGER) throw err(message);
        try {
            int v = Literals.parseUimm8(lex.src, lex.start, lex.end);
            advance();
            return v;
        } catch (Literals.Bad b) {
            throw err(b.getMessage());
        }
    }

    /** An integer of {@code bits} (8..64) as iconst and lane lists read it, zero-extended. */
    private long sizedInt(int bits, String message) throws ParseError {
        if (tok != Lexer.INTEGER) throw err(message);
        long v;
        try {
            v = bits == 64 ? Literals.parseImm64(lex.src, lex.start, lex.end)
                    : Literals.parseSized(lex.src, lex.start, lex.end, bits);
        } catch (Literals.Bad b) {
            throw err(b.getMessage());
        }
        advance();
        return v;
    }

    /** A float of the given format; returns the raw bits {lo, hi}. */
    private long[] floatBits(int w, int t, String message) throws ParseError {
        if (tok != Lexer.FLOAT) throw err(message);
        try {
            long[] r = Literals.parseFloat(lex.src, lex.start, lex.end, w, t);
            advance();
            return r;
        } catch (Literals.Bad b) {
            throw err(b.getMessage());
        }
    }

    private int optionalOffset32() throws ParseError {
        if (tok == Lexer.INTEGER && (lex.src[lex.start] == '+' || lex.src[lex.start] == '-')) {
            try {
                int v = Literals.parseOffset32(lex.src, lex.start, lex.end);
                advance();
                return v;
            } catch (Literals.Bad b) {
                throw err(b.getMessage());
            }
        }
        return 0;
    }

    private MemFlags memFlags() throws ParseError {
        int bits = 0, trap = TrapCode.HEAP_OUT_OF_BOUNDS, region = -1;
        while (true) {
            if (tok == Lexer.REGION) {
                region = entityNumber("alias region");
                advance();
                continue;
            }
            if (tok != Lexer.IDENT) break;
            if (lex.textIs("notrap")) trap = TrapCode.NONE;
            else if (lex.textIs("aligned")) bits |= MemFlags.ALIGNED;
            else if (lex.textIs("readonly")) bits |= MemFlags.READONLY;
            else if (lex.textIs("little")) {
                if ((bits & MemFlags.BIG) != 0) throw err("cannot set both big and little endian bits");
                bits |= MemFlags.LITTLE;
            } else if (lex.textIs("big")) {
                if ((bits & MemFlags.LITTLE) != 0) throw err("cannot set both big and little endian bits");
                bits |= MemFlags.BIG;
            } else if (lex.textIs("checked")) bits |= MemFlags.CHECKED;
            else if (lex.textIs("can_move")) bits |= MemFlags.CAN_MOVE;
            else {
                int code = TrapCode.parse(lex.text());
                if (code == TrapCode.NONE) break;
                trap = code;
            }
            advance();
        }
        return new MemFlags(bits, trap, region);
    }

    private int trapCode() throws ParseError {
        if (tok != Lexer.IDENT) throw err("expected trap code");
        int code = TrapCode.parse(lex.text());
        if (code == TrapCode.NONE) throw err("expected trap code");
        advance();
        return code;
    }

    /**
     * A 128-bit-or-smaller constant for type {@code t}: lanes in brackets ({@code [1 2 3 4]}) or one
     * hex number, zero-extended to the type's size. Little-endian bytes.
     */
    private byte[] uimm128(Type t) throws ParseError {
        int size = t.bytes();
        byte[] data;
        if (tok == Lexer.LBRACKET) {
            advance();
            if (!t.isVector() && !t.isDynamic()) throw err("Expected a controlling vector type, not " + t);
            if (t.isDynamic()) throw err("Expected a controlling vector type, not " + t);
            Type lane = t.laneType();
            int lb = lane.bytes();
            data = new byte[lb * t.lanes()];
            for (int i = 0; i < t.lanes(); i++) {
                long lo;
                if (lane == Type.I8) lo = sizedInt(8, "Expected an 8-bit integer");
                else if (lane == Type.I16) lo = sizedInt(16, "Expected a 16-bit integer");
                else if (lane == Type.I32) lo = sizedInt(32, "Expected a 32-bit integer");
                else if (lane == Type.I64) lo = sizedInt(64, "Expected a 64-bit integer");
                else if (lane == Type.F32) lo = floatBits(8, 23, "Expected a 32-bit float")[0];
                else if (lane == Type.F64) lo = floatBits(11, 52, "Expected a 64-bit float")[0];
                else throw err("Expected a type of: float, int, bool");
                for (int k = 0; k < lb; k++) data[i * lb + k] = (byte) (lo >>> (8 * k));
            }
            expect(Lexer.RBRACKET, "expected a terminating right bracket");
        } else {
            if (tok != Lexer.INTEGER) throw err("expected an immediate hexadecimal operand");
            byte[] raw;
            try {
                raw = Literals.parseHexConstant(lex.src, lex.start, lex.end);
            } catch (Literals.Bad b) {
                throw err("expected hexadecimal immediate, failed to parse: " + b.getMessage());
            }
            if (raw.length > size) throw err("expected parsed constant to have " + size + " bytes");
            data = Arrays.copyOf(raw, size);
            advance();
        }
        if (data.length != size) throw err("expected parsed constant to have " + size + " bytes");
        return data;
    }

    /** Adds an inline constant to the pool, reusing an equal one (as Cranelift's pool does). */
    private int insertConstant(byte[] data) {
        ByteBuffer key = ByteBuffer.wrap(data);
        Integer old = constantIndex.get(key);
        if (old != null) return old;
        int h = constantCount;
        if (dfg.constant(h) != null) h = dfg.numConstants();
        dfg.setConstant(h, data);
        constantCount++;
        constantIndex.put(key, h);
        return h;
    }

    // =====================================================================================
    // Blocks
    // =====================================================================================

    private void parseBlock() throws ParseError {
        if (tok != Lexer.BLOCK) throw err("expected block header");
        long num = lex.num;
        int line = lex.tokLine, col = lex.tokCol;
        if (num >= MAX_BLOCKS) throw err("too many blocks");
        int b = (int) num;
        if (layout.isBlockInserted(b)) throw err("duplicate entity: block" + b);
        dfg.reserveBlocks(b);
        layout.appendBlock(b);
        if (b >= blockLine.length) {
            int n = Math.max(b + 1, blockLine.length * 2);
            int old = blockLine.length;
            blockLine = Arrays.copyOf(blockLine, n);
            blockCol = Arrays.copyOf(blockCol, n);
            Arrays.fill(blockLine, old, n, -1);
            Arrays.fill(blockCol, old, n, -1);
        }
        blockLine[b] = line;
        blockCol[b] = col;
        entity = new EntityRef.BlockRef(b);
        advance();
        if (tok == Lexer.LPAR) parseBlockParams(b);
        if (isIdent("cold")) {
            layout.setCold(b, true);
            advance();
        }
        expect(Lexer.COLON, "expected ':' after block parameters");
        while (tok == Lexer.VALUE || tok == Lexer.IDENT || tok == Lexer.SRCLOC || tok == Lexer.LANGLE) {
            parseInstructionLine(b);
        }
    }

    private void parseBlockParams(int b) throws ParseError {
        expect(Lexer.LPAR, "expected '(' before block parameters");
        if (optional(Lexer.RPAR)) return;
        parseBlockParam(b);
        while (optional(Lexer.COMMA)) parseBlockParam(b);
        expect(Lexer.RPAR, "expected ')' after block parameters");
    }

    private void parseBlockParam(int b) throws ParseError {
        if (tok != Lexer.VALUE) throw err("block argument must be a value");
        int line = lex.tokLine, col = lex.tokCol;
        int v = valueNumber();
        advance();
        expect(Lexer.COLON, "expected ':' after block argument");
        if (tok != Lexer.TYPE) throw err("expected block argument type");
        Type t = lex.type;
        defineValue(v, line, col);
        advance();
        dfg.attachBlockParam(b, v, t);
    }

    /** The current VALUE token's number, with its handle reserved. */
    private int valueNumber() throws ParseError {
        if (lex.num >= MAX_VALUES) throw err("value number too large: v" + lex.num);
        int v = (int) lex.num;
        if (v >= dfg.numValues()) dfg.reserveValues(v);
        return v;
    }

    private void defineValue(int v, int line, int col) throws ParseError {
        if (v >= defined.length) defined = Arrays.copyOf(defined, Math.max(v + 1, defined.length * 2));
        if (defined[v]) throw errAt(line, col, "duplicate entity: v" + v);
        defined[v] = true;
    }

    private boolean isDefined(int v) {
        return v < defined.length && defined[v];
    }

    private int value(String message) throws ParseError {
        if (tok != Lexer.VALUE) throw err(message);
        int v = valueNumber();
        advance();
        return v;
    }

    private void pushArg(int v) {
        if (nargs == argBuf.length) argBuf = Arrays.copyOf(argBuf, nargs * 2);
        argBuf[nargs++] = v;
    }

    // =====================================================================================
    // Instructions
    // =====================================================================================

    private void parseInstructionLine(int block) throws ParseError {
        int[] tags = null;
        if (tok == Lexer.LANGLE) tags = parseDebugTags();
        int srcloc = -1;
        boolean hasLoc = false;
        if (tok == Lexer.SRCLOC) {
            int n = lex.end - lex.start - 1;
            if (n < 1 || n > 8) throw err("invalid source location: " + new String(lex.src, lex.start + 1, n));
            long v = 0;
            for (int i = lex.start + 1; i < lex.end; i++) v = v << 4 | Character.digit(lex.src[i], 16);
            srcloc = (int) v;
            // All ones is Cranelift's "no location".
            hasLoc = v != 0xffff_ffffL;
            advance();
        }
        if (tags == null && tok == Lexer.LANGLE) tags = parseDebugTags();
        int startLine = lex.tokLine, startCol = lex.tokCol;
        int[] results = null;
        int[] resultCols = null;
        int nres = 0;
        if (tok == Lexer.VALUE) {
            results = new int[2];
            resultCols = new int[2];
            while (true) {
                if (tok != Lexer.VALUE) throw err("expected result value");
                if (nres == results.length) {
                    results = Arrays.copyOf(results, nres * 2);
                    resultCols = Arrays.copyOf(resultCols, nres * 2);
                }
                resultCols[nres] = lex.tokCol;
                results[nres++] = valueNumber();
                advance();
                if (!optional(Lexer.COMMA)) break;
            }
        }
        if (tok == Lexer.ARROW) {
            advance();
            parseValueAlias(results, nres, startLine, startCol);
            return;
        }
        if (tok == Lexer.EQUAL) advance();
        else if (nres > 0) throw err("expected -> or =");
        parseInstruction(block, results, resultCols, nres, startLine, startCol, srcloc, hasLoc, tags);
    }

    private int[] parseDebugTags() throws ParseError {
        advance();
        IntArrayList tags = new IntArrayList();
        if (tok != Lexer.RANGLE) {
            while (true) {
                if (tok == Lexer.INTEGER) {
                    tags.add(decimalU31("debug tag too large"));
                    advance();
                } else if (tok == Lexer.SS) {
                    // Stack-slot tags are stored as -1 - slot so one int array holds both kinds.
                    tags.add(-1 - entityNumber("stack slot"));
                    advance();
                } else {
                    throw err("expected debug tag");
                }
                if (!optional(Lexer.COMMA)) break;
            }
        }
        expect(Lexer.RANGLE, "expected '>' after debug tags");
        return tags.toIntArray();
    }

    private int decimalU31(String message) throws ParseError {
        long v;
        try {
            v = Literals.parseUimm32(lex.src, lex.start, lex.end);
        } catch (Literals.Bad b) {
            throw err(b.getMessage());
        }
        if (v > Integer.MAX_VALUE) throw err(message);
        return (int) v;
    }

    private void parseValueAlias(int[] results, int nres, int line, int col) throws ParseError {
        if (nres != 1) throw err("wrong number of aliases");
        int result = results[0];
        int dest = value("expected value alias");
        if (isDefined(result)) {
            if (dfg.valueKind(result) == DataFlowGraph.VALUE_ALIAS) {
                int old = dfg.valueDef(result);
                if (old != dest) {
                    throw errAt(line, col, "value v" + result + " is already defined as an alias with destination v" + old);
                }
                return;
            }
            throw errAt(line, col, "value v" + result + " is already defined");
        }
        if (!isDefined(dest)) throw errAt(line, col, "value v" + dest + " is not yet defined");
        if (root(dest) == result || dest == result) throw errAt(line, col, "alias cycle involving v" + result);
        defineValue(result, line, col);
        dfg.setAlias(result, dest);
        aliases.add(result);
        aliasLine.add(line);
        aliasCol.add(col);
    }

    /** Follows aliases (bounded, so a malformed chain cannot loop). */
    private int root(int v) {
        int n = 0;
        while (dfg.valueKind(v) == DataFlowGraph.VALUE_ALIAS && n++ <= dfg.numValues()) v = dfg.valueDef(v);
        return v;
    }

    /** The type of {@code v} if it is known by now, else null. */
    private Type knownType(int v) {
        if (!isDefined(v)) return null;
        int r = root(v);
        if (dfg.valueKind(r) == DataFlowGraph.VALUE_ALIAS) return null;
        return dfg.valueType(r);
    }

    private void parseInstruction(int block, int[] results, int[] resultCols, int nres, int startLine, int startCol,
                                  int srcloc, boolean hasLoc, int[] tags) throws ParseError {
        int inst = dfg.numInsts();
        for (int i = 0; i < nres; i++) defineValue(results[i], startLine, resultCols[i]);
        entity = new EntityRef.InstRef(inst);
        if (tok != Lexer.IDENT) throw err("expected instruction opcode");
        int opLine = lex.tokLine, opCol = lex.tokCol;
        Opcode op = OPCODES.get(lex.src, lex.start, lex.end);
        if (op == null) throw err("Unknown opcode: '" + lex.text() + "'");
        advance();
        Type explicit = null;
        if (optional(Lexer.DOT)) {
            if (tok == Lexer.TYPE) {
                explicit = lex.type;
                advance();
            } else if (tok == Lexer.DT) {
                int dt = entityNumber("dynamic type");
                DynamicTypeData d = dfg.dynamicType(dt);
                if (d == null || !dtDefined.get(dt)) throw err("undefined dynamic type dt" + dt);
                explicit = d.baseVectorType().toDynamic();
                advance();
            } else {
                throw err("expected type after 'opcode.'");
            }
        }

        nargs = 0;
        long imm = 0;
        int aux = 0, ref = 0;
        int dest0 = -1, dest1 = -1;
        List<DataFlowGraph.UserStackMapEntry> stackMap = null;
        Format format = op.format();
        switch (format) {
            case NULLARY -> { }
            case UNARY -> pushArg(value("expected SSA value operand"));
            case UNARY_IMM -> {
                if (explicit == Type.I8) imm = sizedInt(8, "expected immediate 8-bit integer operand");
                else if (explicit == Type.I16) imm = sizedInt(16, "expected immediate 16-bit integer operand");
                else if (explicit == Type.I32) imm = sizedInt(32, "expected immediate 32-bit integer operand");
                else if (explicit == Type.I64) imm = sizedInt(64, "expected immediate 64-bit integer operand");
                else throw err("expected one of the following type: i8, i16, i32 or i64");
            }
            case UNARY_IEEE16 -> imm = floatBits(5, 10, "expected immediate 16-bit float operand")[0];
            case UNARY_IEEE32 -> imm = floatBits(8, 23, "expected immediate 32-bit float operand")[0];
            case UNARY_IEEE64 -> imm = floatBits(11, 52, "expected immediate 64-bit float operand")[0];
            case UNARY_CONST -> {
                if (tok == Lexer.CONST) {
                    int c = entityNumber("constant");
                    if (!constDefined.get(c)) throw err("undefined constant const" + c);
                    advance();
                    ref = c;
                } else if (op.textName().equals("f128const")) {
                    long[] bits = floatBits(15, 112, "expected immediate 128-bit float operand");
                    byte[] data = new byte[16];
                    for (int k = 0; k < 8; k++) {
                        data[k] = (byte) (bits[0] >>> (8 * k));
                        data[8 + k] = (byte) (bits[1] >>> (8 * k));
                    }
                    ref = insertConstant(data);
                } else if (explicit != null) {
                    ref = insertConstant(uimm128(explicit));
                } else {
                    throw err("Expected either a const entity or a typed value, e.g. inst.i32x4 [...]");
                }
            }
            case UNARY_GLOBAL_VALUE -> {
                if (tok != Lexer.GV) throw err("expected global value");
                ref = entityNumber("global value");
                if (!gvDefined.get(ref)) throw err("undefined global value gv" + ref);
                advance();
            }
            case BINARY -> {
                pushArg(value("expected SSA value first operand"));
                expect(Lexer.COMMA, "expected ',' between operands");
                pushArg(value("expected SSA value second operand"));
            }
            case BINARY_IMM8 -> {
                pushArg(value("expected SSA value first operand"));
                expect(Lexer.COMMA, "expected ',' between operands");
                imm = uimm8("expected unsigned 8-bit immediate");
            }
            case TERNARY -> {
                pushArg(value("expected SSA value control operand"));
                expect(Lexer.COMMA, "expected ',' between operands");
                pushArg(value("expected SSA value true operand"));
                expect(Lexer.COMMA, "expected ',' between operands");
                pushArg(value("expected SSA value false operand"));
            }
            case TERNARY_IMM8 -> {
                pushArg(value("expected SSA value first operand"));
                expect(Lexer.COMMA, "expected ',' between operands");
                pushArg(value("expected SSA value last operand"));
                expect(Lexer.COMMA, "expected ',' between operands");
                imm = uimm8("expected 8-bit immediate");
            }
            case SHUFFLE -> {
                pushArg(value("expected SSA value first operand"));
                expect(Lexer.COMMA, "expected ',' between operands");
                pushArg(value("expected SSA value second operand"));
                expect(Lexer.COMMA, "expected ',' between operands");
                ref = dfg.addImmediate(uimm128(Type.I8.by(16)));
            }
            case MULTIARY -> valueList();
            case INT_COMPARE -> {
                IntCC cc = tok == Lexer.IDENT ? IntCC.byName(lex.text()) : null;
                if (cc == null) throw err("expected intcc condition code");
                advance();
                aux = cc.ordinal();
                pushArg(value("expected SSA value first operand"));
                expect(Lexer.COMMA, "expected ',' between operands");
                pushArg(value("expected SSA value second operand"));
            }
            case FLOAT_COMPARE -> {
                FloatCC cc = tok == Lexer.IDENT ? FloatCC.byName(lex.text()) : null;
                if (cc == null) throw err("expected floatcc condition code");
                advance();
                aux = cc.ordinal();
                pushArg(value("expected SSA value first operand"));
                expect(Lexer.COMMA, "expected ',' between operands");
                pushArg(value("expected SSA value second operand"));
            }
            case INT_ADD_TRAP -> {
                pushArg(value("expected SSA value operand"));
                expect(Lexer.COMMA, "expected ',' between operands");
                pushArg(value("expected SSA value operand"));
                expect(Lexer.COMMA, "expected ',' between operands");
                aux = trapCode();
            }
            case TRAP -> aux = trapCode();
            case COND_TRAP -> {
                pushArg(value("expected SSA value operand"));
                expect(Lexer.COMMA, "expected ',' between operands");
                aux = trapCode();
            }
            case JUMP -> dest0 = blockCall("expected jump destination block");
            case BRIF -> {
                pushArg(value("expected SSA value control operand"));
                expect(Lexer.COMMA, "expected ',' between operands");
                dest0 = blockCall("expected branch then block");
                expect(Lexer.COMMA, "expected ',' between operands");
                dest1 = blockCall("expected branch else block");
            }
            case BRANCH_TABLE -> {
                pushArg(value("expected SSA value operand"));
                expect(Lexer.COMMA, "expected ',' between operands");
                int def = blockCall("expected branch destination block");
                expect(Lexer.COMMA, "expected ',' between operands");
                ref = dfg.addJumpTable(jumpTable(def));
            }
            case CALL -> {
                ref = funcRef();
                expect(Lexer.LPAR, "expected '(' before arguments");
                valueList();
                expect(Lexer.RPAR, "expected ')' after arguments");
            }
            case CALL_INDIRECT -> {
                if (tok != Lexer.SIG) throw err("expected signature reference");
                ref = entityNumber("signature");
                if (!sigDefined.get(ref)) throw err("undefined signature sig" + ref);
                advance();
                expect(Lexer.COMMA, "expected ',' between operands");
                pushArg(value("expected SSA value callee operand"));
                expect(Lexer.LPAR, "expected '(' before arguments");
                valueList();
                expect(Lexer.RPAR, "expected ')' after arguments");
            }
            case TRY_CALL -> {
                ref = funcRef();
                expect(Lexer.LPAR, "expected '(' before arguments");
                valueList();
                expect(Lexer.RPAR, "expected ')' after arguments");
                expect(Lexer.COMMA, "expected ',' after argument list");
                aux = exceptionTable();
            }
            case TRY_CALL_INDIRECT -> {
                pushArg(value("expected SSA value callee operand"));
                expect(Lexer.LPAR, "expected '(' before arguments");
                valueList();
                expect(Lexer.RPAR, "expected ')' after arguments");
                expect(Lexer.COMMA, "expected ',' after argument list");
                ref = exceptionTable();
            }
            case FUNC_ADDR -> ref = funcRef();
            case LOAD -> {
                aux = dfg.internMemFlags(memFlags());
                pushArg(value("expected SSA value address"));
                imm = optionalOffset32();
            }
            case STORE -> {
                aux = dfg.internMemFlags(memFlags());
                pushArg(value("expected SSA value operand"));
                expect(Lexer.COMMA, "expected ',' between operands");
                pushArg(value("expected SSA value address"));
                imm = optionalOffset32();
            }
            case LOAD_NO_OFFSET -> {
                aux = dfg.internMemFlags(memFlags());
                pushArg(value("expected SSA value address"));
            }
            case STORE_NO_OFFSET -> {
                aux = dfg.internMemFlags(memFlags());
                pushArg(value("expected SSA value operand"));
                expect(Lexer.COMMA, "expected ',' between operands");
                pushArg(value("expected SSA value address"));
            }
            case ATOMIC_RMW -> {
                aux = dfg.internMemFlags(memFlags());
                AtomicRmwOp rmw = tok == Lexer.IDENT ? AtomicRmwOp.byName(lex.text()) : null;
                if (rmw == null) throw err("expected AtomicRmwOp");
                advance();
                imm = rmw.ordinal();
                pushArg(value("expected SSA value address"));
                expect(Lexer.COMMA, "expected ',' between operands");
                pushArg(value("expected SSA value address"));
            }
            case ATOMIC_CAS -> {
                aux = dfg.internMemFlags(memFlags());
                pushArg(value("expected SSA value address"));
                expect(Lexer.COMMA, "expected ',' between operands");
                pushArg(value("expected SSA value address"));
                expect(Lexer.COMMA, "expected ',' between operands");
                pushArg(value("expected SSA value address"));
            }
            case STACK_LOAD -> {
                ref = stackSlot();
                imm = optionalOffset32();
            }
            case DYNAMIC_STACK_LOAD -> ref = dynamicStackSlot();
            case DYNAMIC_STACK_STORE -> {
                pushArg(value("expected SSA value operand"));
                expect(Lexer.COMMA, "expected ',' between operands");
                ref = dynamicStackSlot();
            }
            case EXCEPTION_HANDLER_ADDRESS -> {
                if (tok != Lexer.BLOCK) throw err("expected block");
                ref = blockRef();
                advance();
                expect(Lexer.COMMA, "expected ',' between operands");
                if (tok != Lexer.INTEGER) throw err("expected immediate integer operand");
                imm = imm64();
                advance();
            }
            default -> throw err("instruction format " + format + " of '" + op.textName() + "' is not supported");
        }

        // ---- controlling type ----
        OpConstraints c = op.constraints();
        Type ctrl = null;
        boolean deferred = false;
        if (explicit != null) {
            ctrl = explicit;
        } else if (c.isPolymorphic() && c.typevarOperand() >= 0) {
            int tvo = c.typevarOperand();
            if (tvo >= nargs) throw errAt(opLine, opCol, "expected operand " + tvo + " of '" + op.textName() + "'");
            ctrl = knownType(argBuf[tvo]);
            // Defined later in the text (or an alias of such a value): inferred after the body.
            if (ctrl == null) deferred = true;
        } else if (c.isPolymorphic()) {
            throw errAt(opLine, opCol, "type variable required for polymorphic opcode, e.g. '" + op.textName() + "."
                    + example(op) + "'");
        }
        if (ctrl != null) {
            if (c.isPolymorphic()) {
                if (!c.ctrlAllows(ctrl)) throw errAt(opLine, opCol, ctrl + " is not a valid typevar for " + op.textName());
            } else {
                throw errAt(opLine, opCol, op.textName() + " does not take a typevar");
            }
        }

        // ---- call stack maps ----
        if (op.isCall() && !op.isReturn() && tok == Lexer.COMMA) {
            advance();
            stackMap = parseStackMap();
        }

        int made = dfg.makeInst(op, ctrl, argBuf, nargs, imm, aux, ref);
        if (made != inst) throw new IllegalStateException("instruction numbering out of step");
        if (dest0 >= 0) {
            if (dest1 >= 0) dfg.setDests(inst, dest0, dest1);
            else dfg.setDests(inst, dest0);
        }
        if (stackMap != null) dfg.setUserStackMap(inst, stackMap);

        // ---- results ----
        int expected;
        Type[] types;
        if (c.resultsFromSignature()) {
            Signature sig = dfg.callSignature(inst);
            expected = sig == null ? 0 : sig.returns().size();
            types = new Type[expected];
            for (int i = 0; i < expected; i++) types[i] = sig.returns().get(i).type();
        } else {
            expected = c.fixedResults();
            types = new Type[expected];
            if (!deferred) {
                for (int i = 0; i < expected; i++) {
                    types[i] = c.resultType(i, ctrl);
                    if (types[i] == null) throw errAt(opLine, opCol, ctrl + " is not a valid typevar for " + op.textName());
                }
            }
        }
        if (nres != expected) {
            throw errAt(startLine, startCol, "instruction produces " + expected + " result values, " + nres + " given");
        }
        for (int i = 0; i < nres; i++) dfg.attachResult(inst, results[i], types[i]);
        if (deferred) pending.add(inst);

        if (hasLoc) func.setSrcLoc(inst, srcloc);
        if (tags != null && tags.length > 0) dfg.setDebugTags(inst, tags);
        layout.appendInst(inst, block);
        if (inst >= instLine.length) {
            int n = Math.max(inst + 1, instLine.length * 2);
            int old = instLine.length;
            instLine = Arrays.copyOf(instLine, n);
            instCol = Arrays.copyOf(instCol, n);
            Arrays.fill(instLine, old, n, -1);
            Arrays.fill(instCol, old, n, -1);
        }
        instLine[inst] = startLine;
        instCol[inst] = startCol;
    }

    /** An example controlling type for {@code op}, for the "type variable required" message. */
    private static String example(Opcode op) {
        Type i8x16 = Type.I8.by(16);
        Type[] candidates = {Type.I32, Type.I64, Type.I8, Type.I16, Type.I128, Type.F32, Type.F64, Type.F16, Type.F128,
                Type.I32.by(4), Type.F32.by(4), i8x16, Type.I64.by(2), Type.F64.by(2)};
        for (Type t : candidates) if (op.constraints().ctrlAllows(t)) return t.toString();
        return "i32";
    }

    private void valueList() throws ParseError {
        if (tok != Lexer.VALUE) return;
        pushArg(value("expected value in argument list"));
        while (optional(Lexer.COMMA)) pushArg(value("expected value in argument list"));
    }

    private int funcRef() throws ParseError {
        if (tok != Lexer.FN) throw err("expected function reference");
        int f = entityNumber("function reference");
        if (!fnDefined.get(f)) throw err("undefined function fn" + f);
        advance();
        return f;
    }

    private int stackSlot() throws ParseError {
        if (tok != Lexer.SS) throw err("expected stack slot number: ss«n»");
        int s = entityNumber("stack slot");
        if (!ssDefined.get(s)) throw err("undefined stack slot ss" + s);
        advance();
        return s;
    }

    private int dynamicStackSlot() throws ParseError {
        if (tok != Lexer.DSS) throw err("expected dynamic stack slot number: dss«n»");
        int s = entityNumber("dynamic stack slot");
        if (!dssDefined.get(s)) throw err("undefined dynamic stack slot dss" + s);
        advance();
        return s;
    }

    /** The current BLOCK token's number, reserved in the DFG (blocks may be used before defined). */
    private int blockRef() throws ParseError {
        if (lex.num >= MAX_BLOCKS) throw err("too many blocks");
        int b = (int) lex.num;
        dfg.reserveBlocks(b);
        return b;
    }

    /** {@code blockN} with optional {@code (args)}; returns the new block call. */
    private int blockCall(String message) throws ParseError {
        if (tok != Lexer.BLOCK) throw err(message);
        int b = blockRef();
        advance();
        bcArgs.clear();
        if (optional(Lexer.LPAR)) {
            while (tok != Lexer.RPAR) {
                switch (tok) {
                    case Lexer.VALUE -> bcArgs.add(valueNumber());
                    case Lexer.RET -> bcArgs.add(DataFlowGraph.blockArgRet(smallIndex()));
                    case Lexer.EXN -> bcArgs.add(DataFlowGraph.blockArgExn(smallIndex()));
                    default -> throw err("unexpected token: " + Lexer.kindName(tok));
                }
                advance();
                if (!optional(Lexer.COMMA)) break;
            }
            expect(Lexer.RPAR, "expected ')' after arguments");
        }
        return dfg.makeBlockCall(b, bcArgs.elements(), bcArgs.size());
    }

    private int smallIndex() throws ParseError {
        if (lex.num >= MAX_ENTITIES) throw err("index too large");
        return (int) lex.num;
    }

    private int[] jumpTable(int def) throws ParseError {
        expect(Lexer.LBRACKET, "expected '[' before jump table contents");
        IntArrayList data = new IntArrayList();
        data.add(def);
        if (tok == Lexer.BLOCK) {
            data.add(blockCall("expected jump_table entry"));
            while (true) {
                if (tok == Lexer.COMMA) {
                    advance();
                    if (tok != Lexer.BLOCK) throw err("expected jump_table entry");
                    data.add(blockCall("expected jump_table entry"));
                } else if (tok == Lexer.RBRACKET) {
                    break;
                } else {
                    throw err("expected ']' after jump table contents");
                }
            }
        } else if (tok != Lexer.RBRACKET) {
            throw err("expected jump_table entry");
        }
        advance();
        return data.toIntArray();
    }

    private int exceptionTable() throws ParseError {
        if (tok != Lexer.SIG) throw err("expected signature of called function");
        int sig = entityNumber("signature");
        advance();
        expect(Lexer.COMMA, "expected comma after signature argument");
        int normal = blockCall("expected branch destination block");
        expect(Lexer.COMMA, "expected comma after normal-return destination");
        expect(Lexer.LBRACKET, "expected an open-bracket for exception table list");
        IntArrayList contexts = new IntArrayList(), positions = new IntArrayList(), handlers = new IntArrayList();
        it.unimi.dsi.fastutil.longs.LongArrayList tags = new it.unimi.dsi.fastutil.longs.LongArrayList();
        while (tok != Lexer.RBRACKET) {
            if (tok == Lexer.TAG) {
                long tag = lex.num;
                advance();
                expect(Lexer.COLON, "expected ':' after exception tag");
                tags.add(tag);
                handlers.add(blockCall("expected branch destination block"));
            } else if (isIdent("default")) {
                advance();
                expect(Lexer.COLON, "expected ':' after 'default'");
                tags.add(ExceptionTableData.DEFAULT_TAG);
                handlers.add(blockCall("expected branch destination block"));
            } else if (isIdent("context")) {
                advance();
                contexts.add(value("expected value for exception-handler context"));
                positions.add(handlers.size());
            } else {
                throw err("invalid token");
            }
            if (!optional(Lexer.COMMA)) break;
        }
        expect(Lexer.RBRACKET, "expected closing bracket");
        return dfg.addExceptionTable(new ExceptionTableData(sig, normal, contexts.toIntArray(), tags.toLongArray(),
                handlers.toIntArray(), positions.toIntArray()));
    }

    private List<DataFlowGraph.UserStackMapEntry> parseStackMap() throws ParseError {
        expectIdent("stack_map", "expected `stack_map = [...]`");
        expect(Lexer.EQUAL, "expected `= [...]`");
        expect(Lexer.LBRACKET, "expected `[...]`");
        List<DataFlowGraph.UserStackMapEntry> entries = new ArrayList<>();
        while (!optional(Lexer.RBRACKET)) {
            if (tok != Lexer.TYPE) throw err("expected `<type> @ <slot> + <offset>`");
            Type t = lex.type;
            advance();
            expect(Lexer.AT, "expected `@ <slot> + <offset>`");
            if (tok != Lexer.SS) throw err("expected `<slot> + <offset>`");
            int slot = entityNumber("stack slot");
            advance();
            long offset;
            if (tok == Lexer.INTEGER && lex.src[lex.start] == '+') {
                offset = uimm32();
                advance();
            } else {
                expect(Lexer.PLUS, "expected `+ <offset>`");
                if (tok != Lexer.INTEGER) throw err("expected a u32 offset");
                offset = uimm32();
                advance();
            }
            entries.add(new DataFlowGraph.UserStackMapEntry(t, slot, (int) offset));
            if (!optional(Lexer.COMMA)) {
                expect(Lexer.RBRACKET, "expected `,` or `]`");
                break;
            }
        }
        return entries;
    }

    // =====================================================================================
    // End of body: references and late type inference
    // =====================================================================================

    private void finishBody() throws ParseError {
        // Every operand must be defined somewhere in the function.
        for (int b = layout.firstBlock(); b >= 0; b = layout.nextBlock(b)) {
            for (int i = layout.firstInst(b); i >= 0; i = layout.nextInst(i)) {
                for (int k = 0, n = dfg.numArgs(i); k < n; k++) checkDefined(i, dfg.arg(i, k));
                for (int bc : dfg.branchDestinations(i)) {
                    for (int k = 0, n = dfg.blockCallNumArgs(bc); k < n; k++) {
                        int a = dfg.blockCallArg(bc, k);
                        if (DataFlowGraph.blockArgIsValue(a)) checkDefined(i, a);
                    }
                }
                ExceptionTableData et = exceptionTableOf(i);
                if (et != null) for (int v : et.contexts()) checkDefined(i, v);
            }
        }
        // Controlling types that depend on values defined later, possibly through other such
        // instructions: resolve in rounds until nothing changes.
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            for (int p = 0; p < pending.size(); p++) {
                int inst = pending.getInt(p);
                Opcode op = dfg.opcode(inst);
                OpConstraints c = op.constraints();
                Type ctrl = knownType(dfg.arg(inst, c.typevarOperand()));
                if (ctrl == null) continue;
                if (!c.ctrlAllows(ctrl)) throw instErr(inst, ctrl + " is not a valid typevar for " + op.textName());
                dfg.setCtrlType(inst, ctrl);
                for (int k = 0; k < dfg.numResults(inst); k++) {
                    Type t = c.resultType(k, ctrl);
                    if (t == null) throw instErr(inst, ctrl + " is not a valid typevar for " + op.textName());
                    dfg.setValueType(dfg.result(inst, k), t);
                }
                pending.removeInt(p--);
                progress = true;
            }
        }
        if (!pending.isEmpty()) {
            int inst = pending.getInt(0);
            Opcode op = dfg.opcode(inst);
            int v = dfg.arg(inst, op.constraints().typevarOperand());
            throw instErr(inst, "type variable required for polymorphic opcode, e.g. '" + op.textName() + "."
                    + example(op) + "'; can't infer from v" + v + " which is not yet resolved");
        }
        for (int k = 0; k < aliases.size(); k++) {
            int a = aliases.getInt(k);
            int r = root(a);
            if (dfg.valueKind(r) == DataFlowGraph.VALUE_ALIAS) {
                throw errAt(aliasLine.getInt(k), aliasCol.getInt(k), "alias cycle involving v" + a);
            }
            dfg.setValueType(a, dfg.valueType(r));
        }
    }

    private ExceptionTableData exceptionTableOf(int inst) {
        return switch (dfg.opcode(inst).format()) {
            case TRY_CALL -> dfg.exceptionTable(dfg.aux(inst));
            case TRY_CALL_INDIRECT -> dfg.exceptionTable(dfg.ref(inst));
            default -> null;
        };
    }

    private void checkDefined(int inst, int v) throws ParseError {
        if (!isDefined(v)) throw instErr(inst, "undefined operand value v" + v);
    }

    private ParseError instErr(int inst, String message) {
        return errAt(instLine[inst], instCol[inst], message);
    }
}
