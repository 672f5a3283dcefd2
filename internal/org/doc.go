// Package org holds the organisation tree: the city, its counties (区县), their
// schools and the consortia (办学联合体) that group schools. Every access
// decision is made against a position in this tree.
package org
