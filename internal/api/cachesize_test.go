package api

import (
	"bytes"
	"fmt"
	"testing"
)

// TestResultCacheIsBoundedInBytes fills the cache with bodies past its byte bound: it keeps the
// most recent that fit, counts a replaced entry once, and never keeps a body over the bound.
func TestResultCacheIsBoundedInBytes(t *testing.T) {
	c := newResultCache(nil, 1000, 100)
	body := func(n int) cachedResult { return cachedResult{body: bytes.Repeat([]byte("x"), n)} }
	for i := range 5 {
		c.add(fmt.Sprint(i), body(40))
	}
	if got := c.bytes(); got != 80 {
		t.Errorf("after five bodies of 40 bytes: %d bytes kept, want the last two, 80", got)
	}
	if _, ok := c.entries.Get("4"); !ok {
		t.Error("the newest entry was dropped")
	}
	if _, ok := c.entries.Get("0"); ok {
		t.Error("the oldest entry was kept past the bound")
	}
	c.add("4", body(10))
	if got := c.bytes(); got != 50 {
		t.Errorf("after replacing an entry of 40 bytes by one of 10: %d bytes, want 50", got)
	}
	c.add("huge", body(101))
	if _, ok := c.entries.Get("huge"); ok || c.bytes() != 50 {
		t.Errorf("a body over the bound was kept (%d bytes in all)", c.bytes())
	}
}
