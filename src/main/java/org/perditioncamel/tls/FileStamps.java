package org.perditioncamel.tls;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** Real path, modification time and size of files (and directory entries), to notice replaced certificates. */
record FileStamps(Map<Path, String> stamps) {

    static FileStamps of(Collection<Path> paths) {
        Map<Path, String> stamps = new TreeMap<>();
        for (Path path : paths) {
            stamps.put(path, stamp(path));
            if (Files.isDirectory(path)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                    for (Path entry : entries) {
                        stamps.put(entry, stamp(entry));
                    }
                } catch (IOException e) {
                    stamps.put(path, "unlistable");
                }
            }
        }
        return new FileStamps(stamps);
    }

    private static String stamp(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return path.toRealPath() + " " + attributes.lastModifiedTime() + " " + attributes.size();
        } catch (IOException e) {
            return "missing";
        }
    }
}
