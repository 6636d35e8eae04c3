// Package keras is Keras 3 for Go: build a Sequential or functional model from
// layers, Compile it with an optimizer, a loss and metrics, then Fit,
// Evaluate and Predict, with Keras's behaviour and numbers.
//
//	model, _ := keras.NewSequential(
//		layers.NewInputLayer([]int{28, 28}),
//		layers.NewFlatten(),
//		layers.NewDense(128, layers.WithActivation("relu")),
//		layers.NewDense(10, layers.WithActivation("softmax")),
//	)
//	_ = model.Compile("adam", "sparse_categorical_crossentropy", "accuracy")
//	history, _ := model.Fit(xTrain, yTrain, keras.Epochs(10), keras.BatchSize(32))
//
// Training compiles: the first step of each batch size is run eagerly and
// recorded, and every later step replays that recording (forward, backward
// and optimizer update) into buffers allocated once, as Keras's compiled
// train_function does. A model whose computation depends on the values of
// its inputs (not only their shapes) must be trained with a custom loop
// (see autodiff.GradientTape) instead.
//
// Deliberate differences from Keras are listed where they apply; the main
// one is that errors are returned, never raised: a model with a bad layer
// reports the layer's error from NewModel, Compile or Fit.
package keras
