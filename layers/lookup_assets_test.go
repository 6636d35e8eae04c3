package layers

import (
	"slices"
	"testing"
)

func TestTextVectorizationAssetsRoundTrip(t *testing.T) {
	l := NewTextVectorization(With("output_mode", "tf_idf"))
	if err := l.Adapt(strT(t, []int{3}, "a b", "b c", "c c d")); err != nil {
		t.Fatal(err)
	}
	assets, vars := l.SaveAssets(), l.SaveOwnVariables()
	if got := string(assets["vocabulary.txt"]); got != "[UNK]\nc\nb\nd\na" {
		t.Errorf("vocabulary.txt = %q", got)
	}
	l2, err := FromConfig("TextVectorization", l.GetConfig())
	if err != nil {
		t.Fatal(err)
	}
	tv := l2.(*TextVectorization)
	if err := tv.LoadOwnVariables(vars); err != nil {
		t.Fatal(err)
	}
	if err := tv.LoadAssets(assets); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tv.GetVocabulary(true), l.GetVocabulary(true)) || !slices.Equal(tv.IDFWeights(), l.IDFWeights()) {
		t.Errorf("restored %q %v, want %q %v", tv.GetVocabulary(true), tv.IDFWeights(), l.GetVocabulary(true), l.IDFWeights())
	}
	x := strT(t, []int{2}, "a d", "c x")
	wantF32(t, call1(t, tv, x).Float32s(), toF64(call1(t, l, x).Float32s()), 0)

	il := NewIntegerLookup()
	data, _ := tensorInt64(t, 4, 4, 9)
	if err := il.Adapt(data); err != nil {
		t.Fatal(err)
	}
	il2 := NewIntegerLookup()
	if err := il2.LoadAssets(il.SaveAssets()); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(il2.GetVocabulary(true), []int64{-1, 4, 9}) {
		t.Errorf("IntegerLookup restored %v", il2.GetVocabulary(true))
	}
}
