package org.inventory.server.insight;

import org.inventory.server.http.InvalidParameterException;

/** The rule for a path a summary names ({@code group}, {@code sum}, …): dotted, no empty part, no {@code $}, no NUL. */
final class GroupPath {
    private GroupPath() {}

    static String check(String parameter, String path) {
        String problem = path.isEmpty()
                ? "is empty"
                : path.indexOf('$') >= 0
                        ? "may not contain '$'"
                        : path.indexOf('\0') >= 0
                                ? "may not contain NUL"
                                : path.startsWith(".") || path.endsWith(".") || path.contains("..")
                                        ? "has an empty part"
                                        : path.length() > 1024 ? "is longer than 1024 characters" : null;
        if (problem != null) {
            throw new InvalidParameterException(
                    parameter, parameter + " names a field path, and '" + path + "' " + problem);
        }
        return path;
    }
}
