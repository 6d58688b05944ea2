package store

import "testing"

// TestShareLockOnTiDB: TiDB takes no shared locks, so a write's share lock is FOR UPDATE there,
// and AsTiDBReceives (what the TiDB rules test checks) writes a MariaDB statement the same way.
func TestShareLockOnTiDB(t *testing.T) {
	for _, c := range []struct {
		flavor flavor
		lock   rowLock
		want   rowLock
	}{
		{flavorMySQL, lockShare, lockShare},
		{flavorMariaDB, lockShare, lockShare},
		{flavorTiDB, lockShare, lockUpdate},
		{flavorTiDB, lockUpdate, lockUpdate},
	} {
		if got := (&Store{flavor: c.flavor}).lockFor(c.lock); got != c.want {
			t.Errorf("flavor %d, %s: got %s, want %s", c.flavor, c.lock, got, c.want)
		}
	}
	const onMariaDB = "SELECT * FROM `regions` WHERE id = 7 AND level = 'COUNTY' LIMIT 1 LOCK IN SHARE MODE"
	if got, want := AsTiDBReceives(onMariaDB), "SELECT * FROM `regions` WHERE id = 7 AND level = 'COUNTY' LIMIT 1 "+string((&Store{flavor: flavorTiDB}).lockFor(lockShare)); got != want {
		t.Errorf("AsTiDBReceives: %q, want %q", got, want)
	}
}
