//go:build !amd64 || purego

package vmath

const haveAsm = false

const asmName = "generic"
