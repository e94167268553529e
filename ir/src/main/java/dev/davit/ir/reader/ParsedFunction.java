package dev.davit.ir.reader;

import dev.davit.ir.Function;

/** A function read from text, with where its parts were in the source. */
public record ParsedFunction(Function function, FunctionDetails details) {}
