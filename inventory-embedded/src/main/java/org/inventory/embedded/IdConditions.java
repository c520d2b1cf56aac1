package org.inventory.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Set;

/** Whether a query reads nothing of a record but its {@code _id}, so that the id alone can be matched against it. */
final class IdConditions {
    private static final Set<String> LOGICAL = Set.of("$and", "$or", "$nor");

    private IdConditions() {}

    static boolean only(Document query, String idField) {
        for (var condition : query.entrySet()) {
            String key = condition.getKey();
            if (key.equals(idField)) {
                continue;
            }
            if (!LOGICAL.contains(key) || !(condition.getValue() instanceof List<?> branches)) {
                return false;
            }
            for (Object branch : branches) {
                if (!(branch instanceof Document document) || !only(document, idField)) {
                    return false;
                }
            }
        }
        return true;
    }
}
