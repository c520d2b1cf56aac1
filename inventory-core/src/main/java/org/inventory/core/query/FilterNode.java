package org.inventory.core.query;

import java.util.List;
import java.util.regex.Pattern;
import org.bson.BsonValue;

/**
 * A checked filter as {@link FilterParser} read it: one node per piece of MongoDB's query grammar, each operand
 * already interpreted (paths split into their parts, regular expressions compiled, {@code $exists}' operand read as a
 * boolean, {@code $type}'s as type codes). {@link FilterMatcher} is built from these nodes and never reads the
 * filter's BSON; the store gets the BSON. Immutable.
 *
 * <p>A few values pass the parser's checks and are left for the store to refuse where a filter runs there (a
 * {@code $size} that is not a whole non-negative number, an unknown {@code $type}, a pattern {@code java.util.regex}
 * cannot compile though PCRE may): their node carries the problem instead, and the matcher refuses it when it is made.
 */
sealed interface FilterNode {

    /** A query: every clause must hold; none means every record. */
    record Query(List<Clause> clauses) implements FilterNode {
        public Query {
            clauses = List.copyOf(clauses);
        }
    }

    /** One entry of a query: a field's condition, or a logical operator over queries. */
    sealed interface Clause extends FilterNode {}

    /** {@code $and}, {@code $or} or {@code $nor} over a non-empty list of queries. */
    record Logical(String operator, List<Query> queries) implements Clause {
        public Logical {
            queries = List.copyOf(queries);
        }
    }

    /** A condition on the values a dotted path reaches, its parts split at the dots. */
    @SuppressWarnings("ArrayRecordComponent") // never handed out: the parser makes it, the matcher only reads it
    record Field(String[] path, Condition condition) implements Clause {}

    /** A field's condition: a value to equal, or operators that must all hold. */
    sealed interface Condition extends FilterNode {}

    /**
     * A value to equal ({@code {"a":v}}, an element of {@code $in} or {@code $nin}); a regular expression there
     * matches strings by its pattern too.
     *
     * @param regex the value's pattern when it is a regular expression, else null
     */
    record Equals(BsonValue value, Regex regex) implements Condition {}

    /** An operator document ({@code {"$gte":1,"$lt":5}}): all of them must hold. */
    record Operators(List<Operator> operators) implements Condition {
        public Operators {
            operators = List.copyOf(operators);
        }
    }

    /** One operator of a field's condition. */
    sealed interface Operator extends FilterNode {}

    /** {@code $eq}, {@code $ne}, {@code $gt}, {@code $gte}, {@code $lt} or {@code $lte} with its operand. */
    record Comparison(String operator, BsonValue operand) implements Operator {}

    /** {@code $in}, or {@code $nin} when negated: one of the values equals (or matches). */
    record In(List<Equals> values, boolean negated) implements Operator {
        public In {
            values = List.copyOf(values);
        }
    }

    /** {@code $exists}, its operand read as MongoDB reads it. */
    record Exists(boolean wanted) implements Operator {}

    /**
     * {@code $type}: any of the type codes ({@link FilterParser#NUMBER} for {@code "number"}).
     *
     * @param problem why the matcher refuses it (an unknown type), else null
     */
    record Type(List<Integer> codes, String problem) implements Operator {
        public Type {
            codes = List.copyOf(codes);
        }
    }

    /** {@code $regex} (with its {@code $options}), or a regular expression under {@code $not}. */
    record Matches(Regex regex) implements Operator {}

    /** {@code $not}: the operators (or the one {@link Matches}) do not all hold. */
    record Not(List<Operator> operators) implements Operator {
        public Not {
            operators = List.copyOf(operators);
        }
    }

    /**
     * {@code $size}: an array of this many elements.
     *
     * @param problem why the matcher refuses it (not a whole non-negative number), else null
     */
    record Size(int size, String problem) implements Operator {}

    /**
     * {@code $elemMatch}: an element of an array meets the operators, each element taken as one value
     * ({@code onValues}), or else the query, each element that is a document or an array.
     */
    record ElemMatch(Operators onValues, Query query) implements Operator {}

    /** {@code $all}: every term holds ({@code $eq} of a value, or an {@code $elemMatch}); none matches nothing. */
    record All(List<Operator> terms) implements Operator {
        public All {
            terms = List.copyOf(terms);
        }
    }

    /**
     * A regular expression that matches by its pattern, compiled by {@code java.util.regex} once.
     *
     * @param compiled the pattern; null when Java cannot compile it
     * @param problem  why the matcher refuses it when Java cannot compile it, else null
     */
    record Regex(Pattern compiled, String problem) {}
}
