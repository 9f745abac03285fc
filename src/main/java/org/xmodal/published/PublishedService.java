package org.xmodal.published;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.xmodal.platform.Checksums;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;
import org.xmodal.published.PublishedResponses.ImportRequest;
import org.xmodal.published.PublishedResponses.PublishedTableResponse;
import org.xmodal.published.PublishedResponses.TableFile;
import org.xmodal.published.PublishedStore.Saved;
import org.xmodal.published.PublishedStore.TableInfo;

/** Imports published tables (all files or nothing) and reads them back with their seed groups. */
@ApplicationScoped
public class PublishedService {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private final PublishedStore store;
    private final Clock clock;

    public PublishedService(PublishedStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The import's outcome: the table, and whether it was new (an identical earlier import answers created = false). */
    public record Imported(PublishedTableResponse table, boolean created) {
    }

    public Imported importTables(ImportRequest request) {
        if (!NAME.matcher(request.name()).matches()) {
            throw XmodalException.invalidField("name", "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (request.citation().chars().anyMatch(Character::isISOControl)) {
            throw XmodalException.invalidField("citation", "must be one line of printable text");
        }
        List<PublishedRow> rows = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        StringBuilder content = new StringBuilder();
        for (TableFile file : request.tables()) {
            for (PublishedRow r : PublishedTableParser.parse(file.file(), file.content())) {
                if (!keys.add(String.join("\t", r.model(), r.direction(), r.condition(), r.metric()))) {
                    throw PublishedTableParser.malformed(file.file(), r.model() + " " + r.direction() + " " + r.condition() + " "
                            + r.metric() + " is already in an earlier file of this import");
                }
                rows.add(r);
            }
            content.append(sha256(file.content())).append('\n');
        }
        String sha = sha256(content.toString());
        Saved saved = store.save(request.name(), request.citation(), request.tables().stream().map(TableFile::file).toList(),
                sha, rows, clock.instant());
        if (!saved.created() && !saved.table().sha256().equals(sha)) {
            throw new XmodalException(ErrorCode.CONFLICT, "a published table named " + request.name()
                    + " exists with other content; published tables are read-only, import under another name");
        }
        return new Imported(response(saved.table(), true), saved.created());
    }

    public List<PublishedTableResponse> tables() {
        return store.tables().stream().map(t -> response(t, false)).toList();
    }

    public Optional<PublishedTableResponse> table(String name) {
        return store.byName(name).map(t -> response(t, true));
    }

    /** A table's rows, or 404. */
    public List<PublishedRow> rows(String name) {
        return store.rows(store.byName(name).orElseThrow(() -> XmodalException.notFound("published table " + name)).id());
    }

    private PublishedTableResponse response(TableInfo t, boolean withRows) {
        List<PublishedRow> rows = withRows ? store.rows(t.id()) : null;
        return new PublishedTableResponse(t.id(), t.name(), t.citation(), t.sources(), t.sha256(), t.importedAt(), true,
                t.rowCount(), rows, rows == null ? null : SeedGroups.published(rows));
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(Checksums.newDigest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
