package api

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// paramsBodies are bodies decodeParams must take, and decode as encoding/json does.
var paramsBodies = []string{
	`{"query":"{ regions { totalCount } }"}`,
	`{"query": "query Q1($code: String!) {\n  region(code: $code) {\n    name\t}\n}", "variables": {"code": "110101000000"}}`,
	` { "operationName" : "Q" , "query" : "query Q { a }" , "variables" : null , "extensions" : null } ` + "\n",
	`{"query":"\"quoted\" \\ back\/slash \b\f\r","operationName":null}`,
	`{"query":"中文 名称 ✓","variables":{"n":1.50,"big":12345678901234567890,"list":[1,"a",{"b":null}],"s":"x}]\"{"}}`,
	`{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}},"variables":{}}`,
	`{}`,
	`{"query":""}`,
	`{"variables":{"a":"x","b":true,"c":false,"d":null,"a":"y","e\n":"\"q\""}}`,
	`{"variables":{"a":"\u0041","b":[]},"extensions":{ }}`,
	`{"variables":{"a":true ,"b":"c" }}`,
}

// paramsRefused are bodies decodeParams leaves to gqlgen: valid JSON it does not take, and
// invalid JSON, whose error gqlgen words.
var paramsRefused = []string{
	`{"Query":"{ a }"}`,                   // json matches keys case-insensitively
	`{"query":"{ a }","query":"{ b }"}`,   // a repeated key
	`{"query":"{ a }","other":1}`,         // a key json ignores
	`{"query":"\u0041"}`,                  // \u escapes
	`{"query":"{ a }"} {"query":"{ b }"}`, // something after the object
	`{"query":"{ a }",}`,                  // invalid
	`{"query":"a` + "\n" + `b"}`,          // a control character
	"{\"query\":\"\xff\"}",                // invalid UTF-8
	`{"query":1}`,                         // not a string
	`{"variables":[1]}`,                   // not an object
	`{"variables":{"a":1}x}`,              // invalid after the object
	`{"variables":{"a":01}}`,              // invalid inside it
	`{"query":"{ a }"`,                    // unterminated
	`[{"query":"{ a }"}]`,                 // a batch
	``,                                    // nothing
	`{"query":nul}`,                       // invalid null
	`{"operationName":"a\q"}`,             // an invalid escape
	`{"extensions":{"a":"b"},"extensions":{"c":"d"}}`,
	`{"variables":{"a":truex}}`,
	`{"variables":{"a":"b",}}`,
	`{"variables":{"a" "b"}}`,
}

func jsonParams(t *testing.T, body string) graphql.RawParams {
	t.Helper()
	var p graphql.RawParams
	dec := json.NewDecoder(bytes.NewReader([]byte(body)))
	dec.UseNumber()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("%s: encoding/json: %v", body, err)
	}
	return p
}

func TestDecodeParamsAsJSON(t *testing.T) {
	for _, body := range paramsBodies {
		got, ok := decodeParams([]byte(body))
		if !ok {
			t.Errorf("%s: not decoded", body)
			continue
		}
		if want := jsonParams(t, body); !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %#v\nwant %#v", body, got, want)
		}
	}
	for _, body := range paramsRefused {
		if got, ok := decodeParams([]byte(body)); ok {
			t.Errorf("%s: decoded as %#v, want it left to gqlgen", body, got)
		}
	}
}

// FuzzDecodeParams holds decodeParams to encoding/json: whatever it takes, json decodes alike.
func FuzzDecodeParams(f *testing.F) {
	for _, b := range append(paramsBodies, paramsRefused...) {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got, ok := decodeParams(body)
		if !ok {
			return
		}
		var want graphql.RawParams
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("%q: decoded as %#v, but encoding/json fails: %v", body, got, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\n got %#v\nwant %#v", body, got, want)
		}
	})
}
