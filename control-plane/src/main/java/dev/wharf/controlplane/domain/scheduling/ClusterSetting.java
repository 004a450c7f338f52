package dev.wharf.controlplane.domain.scheduling;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One cluster-wide setting, e.g. {@code scheduler.algorithm = binpack}. */
@Entity
@Table(name = "cluster_setting")
public class ClusterSetting {

    @Id
    private String name;

    @Column(name = "setting_value", nullable = false)
    private String value;

    protected ClusterSetting() {
        // for JPA
    }

    public ClusterSetting(String name, String value) {
        this.name = name;
        this.value = value;
    }

    public String name() { return name; }
    public String value() { return value; }

    public void value(String newValue) {
        this.value = newValue;
    }
}
