package dev.flinkgitops.validate;

import java.util.List;

/** Placeholder until the validation package lands (same API). */
public final class SpecValidator {
    public FileResult validateFile(String file, byte[] content) { throw new UnsupportedOperationException(); }
    public List<FileResult> checkAcrossFiles(List<FileResult> results) { return results; }
}
