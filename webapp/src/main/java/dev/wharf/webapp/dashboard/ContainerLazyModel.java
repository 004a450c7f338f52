package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.ContainerListing;
import dev.wharf.controlplane.application.ContainerListing.Field;
import dev.wharf.controlplane.application.ContainerListing.Filter;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The containers table's data: every page, sort and filter is one database query (plus a count), so the
 * table stays fast with tens of thousands of containers. Column field names: name, image, host, state, ip,
 * created.
 */
public class ContainerLazyModel extends LazyDataModel<ContainerRow> {

    private final ContainerListing listing;
    private long lastLoadNanos;

    ContainerLazyModel(ContainerListing listing) {
        this.listing = listing;
    }

    private long countNanos;
    /** The last count and the request it was made in: a table may ask twice while filtering. */
    private transient Object countRequest;
    private transient Filter countFilter;
    private int lastCount;

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        Filter f = filter(filterBy);
        Object request = jakarta.faces.context.FacesContext.getCurrentInstance();
        if (request != null && request == countRequest && f.equals(countFilter)) {
            return lastCount;
        }
        long start = System.nanoTime();
        lastCount = (int) Math.min(Integer.MAX_VALUE, listing.count(f));
        countNanos = System.nanoTime() - start;
        countRequest = request;
        countFilter = f;
        return lastCount;
    }

    @Override
    public List<ContainerRow> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                                   Map<String, FilterMeta> filterBy) {
        long start = System.nanoTime();
        Field field = Field.CREATED;
        boolean ascending = false;
        for (SortMeta sort : sortBy.values()) {
            if (!sort.getOrder().isUnsorted()) {
                field = field(sort.getField());
                ascending = sort.getOrder().isAscending();
                break;
            }
        }
        List<ContainerRow> rows = listing.page(filter(filterBy), field, ascending, first, pageSize).stream()
                .map(ContainerRow::of).toList();
        lastLoadNanos = countNanos + System.nanoTime() - start;
        countNanos = 0;
        return rows;
    }

    @Override
    public String getRowKey(ContainerRow row) {
        return row.getId();
    }

    @Override
    public ContainerRow getRowData(String rowKey) {
        List<ContainerRow> page = getWrappedData();
        if (page != null) {
            for (ContainerRow row : page) {
                if (row.getId().equals(rowKey)) {
                    return row;
                }
            }
        }
        ContainerListing.Row row = listing.find(rowKey);
        return row == null ? null : ContainerRow.of(row);
    }

    /** Server time of the last page load (count + page query + mapping), for the page footer and the bench. */
    public long getLastLoadMillis() {
        return lastLoadNanos / 1_000_000;
    }

    static Filter filter(Map<String, FilterMeta> filterBy) {
        return new Filter(text(filterBy, "name"), text(filterBy, "image"), text(filterBy, "host"),
                text(filterBy, "state"), text(filterBy, "ip"));
    }

    private static String text(Map<String, FilterMeta> filterBy, String field) {
        FilterMeta meta = filterBy == null ? null : filterBy.get(field);
        Object value = meta == null ? null : meta.getFilterValue();
        return value == null ? null : value.toString();
    }

    private static Field field(String name) {
        return switch (name == null ? "" : name) {
            case "name" -> Field.NAME;
            case "image" -> Field.IMAGE;
            case "host" -> Field.HOST;
            case "state" -> Field.STATE;
            case "ip" -> Field.IP;
            default -> Field.CREATED;
        };
    }
}
