<?php

use App\Http\Controllers\OrderController;
use Illuminate\Support\Facades\Route;

Route::middleware('auth')->group(function () {
    Route::get('/orders', [OrderController::class, 'index']);
    // ruleid: admin-route-without-admin-check
    Route::delete('/admin/orders/{id}', [OrderController::class, 'destroy']);
});
