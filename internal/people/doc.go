// Package people holds educators (教职工), their career history (任职经历) and
// their resident ID numbers (身份证号): validation per GB 11643, masking, and
// encryption at rest.
package people
