/**
 * The {@code .clif} filetest runner. {@link dev.davit.filetests.FileTestRunner} expands paths to
 * files, runs them in parallel, and for each file parses it once
 * ({@code dev.davit.ir.reader.ClifParser}), then applies each {@code test} command's
 * {@link dev.davit.filetests.SubTest} to every function, checking expectations written in comments
 * ({@code ; check:} through {@code dev.davit.filetests.filecheck}, {@code ; error:},
 * {@code ; run:}). Results fold into one {@link dev.davit.filetests.FileResult} per file.
 */
package dev.davit.filetests;
