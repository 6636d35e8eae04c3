package metrics

import "fmt"

// newWrapper parses options for a MeanMetricWrapper metric.
func newWrapper(class, defName string, kind wkind, allowed optBit, opts []Option) (*wrapper, error) {
	o, err := parseOptions(class, defName, allowed, opts)
	if err != nil {
		return nil, err
	}
	w := &wrapper{base: base{o.name, class, o.dtype}, kind: kind, threshold: 0.5, k: 5, axis: -1}
	if o.has(optThreshold) {
		w.threshold = o.threshold
	}
	if o.has(optK) {
		if o.k < 1 {
			return nil, fmt.Errorf("metrics: %s: k must be >= 1, received k=%d", class, o.k)
		}
		w.k = o.k
	}
	w.fromSortedIDs = o.fromSortedIDs
	w.fromLogits = o.fromLogits
	w.labelSmoothing = o.labelSmoothing
	if o.labelSmoothing < 0 || o.labelSmoothing > 1 {
		return nil, fmt.Errorf("metrics: %s: label_smoothing must be in [0, 1], received %g", class, o.labelSmoothing)
	}
	if o.has(optIgnoreClass) {
		ic := o.ignoreClass
		w.ignoreClass = &ic
	}
	w.sqrtResult = kind == kRMSE
	return w, nil
}

// GetConfig returns the Keras config of the wrapped metric.
func (m *wrapper) GetConfig() map[string]any {
	c := m.baseConfig()
	switch m.kind {
	case kBinaryAccuracy:
		c["threshold"] = m.threshold
	case kTopK:
		c["k"] = m.k
	case kSparseTopK:
		c["k"] = m.k
		if m.fromSortedIDs {
			c["from_sorted_ids"] = true
		}
	case kBCE:
		c["from_logits"] = m.fromLogits
		c["label_smoothing"] = m.labelSmoothing
	case kCCE:
		c["from_logits"] = m.fromLogits
		c["label_smoothing"] = m.labelSmoothing
		c["axis"] = m.axis
	case kSCCE:
		c["from_logits"] = m.fromLogits
		if m.ignoreClass != nil {
			c["ignore_class"] = *m.ignoreClass
		} else {
			c["ignore_class"] = nil
		}
		c["axis"] = m.axis
	}
	return c
}
